/** A dialog holding one form: title, fields, a general error, Save and Cancel. */
import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from './FormError.js';

export function EditModal({
  opened,
  title,
  onClose,
  onSubmit,
  busy,
  error,
  children,
  submitLabel,
}: {
  opened: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  busy: boolean;
  error?: string;
  children: ReactNode;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={error} />
          {children}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose} type="button">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {submitLabel ?? t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
