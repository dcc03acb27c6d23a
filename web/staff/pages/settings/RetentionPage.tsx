/** Retention periods in days (raw webhook payloads, closed cases' personal data, inactive subscribers, audit log). */
import { Button, Group, NumberInput, Paper, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useItem, useWrite } from '../../api/hooks.js';
import type { Retention } from '../../api/types.js';
import { FormError } from '../../components/FormError.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApiErrors } from '../../lib/errors.js';

const FIELDS = ['raw_webhook_days', 'closed_case_personal_data_days', 'inactive_subscriber_days', 'audit_log_days'] as const;

export function RetentionPage() {
  const { t } = useTranslation();
  const can = useCan();
  const errors = useApiErrors();
  const retention = useItem<Retention>('/api/settings/retention');
  const [form, setForm] = useState<Record<string, number | ''>>({});
  useEffect(() => {
    if (retention.data) setForm({ ...retention.data });
  }, [retention.data]);
  const save = useWrite(() => ({ method: 'PUT', url: '/api/settings/retention', body: Object.fromEntries(FIELDS.map((f) => [f, form[f] === '' ? null : form[f]])) }), ['/api/settings/retention']);
  const writable = can('settings.write');
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, { onSuccess: () => notifications.show({ message: t('common.saved') }) });
  };
  return (
    <>
      <PageHeader title={t('retention.title')} description={t('retention.intro')} />
      {!retention.data ? (
        <Loading error={retention.error} />
      ) : (
        <Paper withBorder p="md" maw={640} component="form" onSubmit={handleSubmit} noValidate>
          <Stack gap="sm">
            <FormError message={errors.general(save.error, [...FIELDS])} />
            {FIELDS.map((field) => (
              <NumberInput
                key={field}
                label={t(`retention.${field}`)}
                description={t(`retention.${field}_hint`)}
                suffix={` ${t('retention.days')}`}
                value={form[field] ?? ''}
                onChange={(v) => setForm({ ...form, [field]: typeof v === 'number' ? v : '' })}
                min={1}
                max={3650}
                allowDecimal={false}
                readOnly={!writable}
                error={errors.field(save.error, field)}
                withAsterisk
              />
            ))}
            {writable && (
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
      )}
    </>
  );
}
