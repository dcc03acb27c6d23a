/** Loading and load-error states of a page's data. */
import { Alert, Group, Loader, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiErrors } from '../lib/errors.js';

export function Loading({ error }: { error?: unknown }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  if (error) {
    return (
      <Alert color="red" role="alert" title={t('common.error')} styles={{ message: { color: '#1a1b1e' }, title: { color: '#8b1a1a' } }}>
        {errors.message(error)}
      </Alert>
    );
  }
  return (
    <Group role="status" data-testid="loading">
      <Loader />
      <VisuallyHidden>{t('common.loading')}</VisuallyHidden>
    </Group>
  );
}
