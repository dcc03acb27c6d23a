/** Settings: a section navigation (by capability) above the section's page. */
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useCan } from '../../api/hooks.js';
import { SETTINGS_NAV, visible } from '../../app/nav.js';

export function SettingsLayout() {
  const { t } = useTranslation();
  const can = useCan();
  const location = useLocation();
  return (
    <>
      <nav aria-label={t('settings.nav.label')}>
        <Group gap={4} mb="lg" wrap="wrap">
          {visible(SETTINGS_NAV, can).map((item) => {
            const active = location.pathname === item.path;
            return (
              <Button key={item.path} component={Link} to={item.path} size="xs" variant={active ? 'filled' : 'default'} aria-current={active ? 'page' : undefined}>
                {t(item.label)}
              </Button>
            );
          })}
        </Group>
      </nav>
      <Outlet />
    </>
  );
}
