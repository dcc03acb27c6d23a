/** Town data from the seed, editable: names, reference prefix, links, contact, map centre. */
import { Button, Group, NumberInput, Paper, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useItem, useWrite } from '../../api/hooks.js';
import type { Town } from '../../api/types.js';
import { FormError } from '../../components/FormError.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApiErrors } from '../../lib/errors.js';

const TEXT_FIELDS = ['name', 'service_name', 'reference_prefix', 'privacy_url', 'imprint_url', 'accessibility_url', 'contact_phone', 'contact_email'] as const;
const REQUIRED = new Set(['name', 'service_name', 'reference_prefix', 'privacy_url', 'imprint_url']);

export function TownPage() {
  const { t } = useTranslation();
  const can = useCan();
  const errors = useApiErrors();
  const town = useItem<Town>('/api/settings/town');
  const [form, setForm] = useState<Record<string, string>>({});
  const [center, setCenter] = useState<{ latitude: number | ''; longitude: number | '' }>({ latitude: '', longitude: '' });
  useEffect(() => {
    if (!town.data) return;
    setForm(Object.fromEntries(TEXT_FIELDS.map((f) => [f, town.data[f] ?? ''])));
    setCenter({ latitude: town.data.center?.latitude ?? '', longitude: town.data.center?.longitude ?? '' });
  }, [town.data]);
  const save = useWrite(() => {
    // Keys this form does not edit (the report settings: boundary, reference_format, report_draft_minutes) are kept.
    const body: Record<string, unknown> = Object.fromEntries(Object.entries(town.data ?? {}).filter(([k]) => !(TEXT_FIELDS as readonly string[]).includes(k) && k !== 'center'));
    for (const f of TEXT_FIELDS) if (REQUIRED.has(f) || (form[f] ?? '').trim() !== '') body[f] = form[f] ?? '';
    if (center.latitude !== '' && center.longitude !== '') body.center = { latitude: center.latitude, longitude: center.longitude };
    return { method: 'PUT', url: '/api/settings/town', body };
  }, ['/api/settings/town', 'session']);
  const writable = can('settings.write');
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, { onSuccess: () => notifications.show({ message: t('common.saved') }) });
  };
  return (
    <>
      <PageHeader title={t('town.title')} description={t('town.intro')} />
      {!town.data ? (
        <Loading error={town.error} />
      ) : (
        <Paper withBorder p="md" maw={640} component="form" onSubmit={handleSubmit} noValidate>
          <Stack gap="sm">
            <FormError message={errors.general(save.error, [...TEXT_FIELDS, 'center'])} />
            {TEXT_FIELDS.map((field) => (
              <TextInput
                key={field}
                label={t(`town.${field}`)}
                value={form[field] ?? ''}
                onChange={(e) => setForm({ ...form, [field]: e.currentTarget.value })}
                error={errors.field(save.error, field)}
                withAsterisk={REQUIRED.has(field)}
                readOnly={!writable}
              />
            ))}
            <Group grow>
              <NumberInput label={t('town.latitude')} value={center.latitude} onChange={(v) => setCenter({ ...center, latitude: typeof v === 'number' ? v : '' })} decimalScale={6} readOnly={!writable} error={errors.field(save.error, 'center.latitude')} />
              <NumberInput label={t('town.longitude')} value={center.longitude} onChange={(v) => setCenter({ ...center, longitude: typeof v === 'number' ? v : '' })} decimalScale={6} readOnly={!writable} error={errors.field(save.error, 'center.longitude')} />
            </Group>
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
