/**
 * The frame of every page: skip link, header (emulator banner, service name, language, the
 * person's notifications, account and sign-out), the main navigation by capability, and the
 * main region, which receives focus after each navigation.
 */
import { Badge, Button, Group, NativeSelect, NavLink, Text, VisuallyHidden } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, apiData, setCsrfToken } from '../api/client.js';
import { useCan, useSession } from '../api/hooks.js';
import { UI_LANGUAGES } from '../i18n/index.js';
import { MAIN_NAV, visible } from './nav.js';

export function Layout() {
  const { t, i18n } = useTranslation();
  const { data: session } = useSession();
  const can = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const signedIn = session?.auth === 'session';

  const unread = useQuery({
    queryKey: ['/api/notifications/unread-count'],
    queryFn: () => apiData<{ unread_count: number }>('GET', '/api/notifications/unread-count'),
    enabled: signedIn,
    refetchInterval: 30_000,
  });

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  const handleSignOut = async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    navigate('/login');
  };

  const count = unread.data?.unread_count ?? 0;
  return (
    <>
      <a href="#main" className="skip-link">
        {t('app.skip_to_content')}
      </a>
      <header>
        {session?.mode === 'emulator' && (
          <div className="emulator-banner" data-testid="emulator-banner">
            {t('app.emulator_banner')}{' '}
            <a href="/simulator" style={{ color: '#4a3000' }}>
              {t('app.emulator_simulator')}
            </a>
          </div>
        )}
        <Group className="app-header" justify="space-between" wrap="wrap">
          <Text component={Link} to="/" fw={700} size="lg" c="dark.9" td="none">
            {session?.town?.service_name ?? t('app.name')}
          </Text>
          <Group gap="sm" wrap="wrap">
            <NativeSelect
              label={t('app.language')}
              size="xs"
              data={UI_LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
              value={i18n.language}
              onChange={(event) => void i18n.changeLanguage(event.currentTarget.value)}
              styles={{ root: { display: 'flex', alignItems: 'center', gap: 6 }, label: { marginBottom: 0 } }}
            />
            {signedIn && (
              <>
                <Button
                  component={Link}
                  to="/benachrichtigungen"
                  variant="subtle"
                  color="dark"
                  rightSection={
                    count > 0 ? (
                      <Badge color="red.9">
                        {count}
                        <VisuallyHidden> {t('nav.unread')}</VisuallyHidden>
                      </Badge>
                    ) : undefined
                  }
                >
                  {t('nav.notifications')}
                </Button>
                <Button component={Link} to="/konto" variant="subtle" color="dark">
                  {session?.user?.name ?? t('nav.account')}
                </Button>
                <Button variant="default" onClick={() => void handleSignOut()}>
                  {t('nav.sign_out')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </header>
      <div className="app-body">
        {signedIn && (
          <nav aria-label={t('nav.label')} className="app-nav">
            {visible(MAIN_NAV, can).map((item) => {
              const active = location.pathname === item.path || location.pathname.startsWith(`${item.path}/`);
              return <NavLink key={item.path} component={Link} to={item.path} label={t(item.label)} active={active} variant="filled" aria-current={active ? 'page' : undefined} />;
            })}
          </nav>
        )}
        <main id="main" ref={main} tabIndex={-1} className="app-main">
          <Outlet />
        </main>
      </div>
    </>
  );
}
