/** Areas later work packages build; the page says so plainly instead of pretending. */
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';

export type PlaceholderArea = 'cases' | 'broadcasts' | 'subscribers' | 'dashboard';

export function PlaceholderPage({ area }: { area: PlaceholderArea }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`placeholder.${area}.title`)} />
      <Alert color="gray" variant="light" role="status" title={t('placeholder.not_built')} styles={{ message: { color: '#1a1b1e' }, title: { color: '#1a1b1e' } }}>
        {t(`placeholder.${area}.text`)}
      </Alert>
    </>
  );
}
