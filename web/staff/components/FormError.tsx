/** A form's error that names no field, announced to screen readers. */
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function FormError({ message }: { message: string | undefined }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={t('common.error')} mb="sm" styles={{ message: { color: '#1a1b1e' }, title: { color: '#8b1a1a' } }}>
      {message}
    </Alert>
  );
}
