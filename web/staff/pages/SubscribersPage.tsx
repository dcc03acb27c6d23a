/**
 * Subscribers (issue 9): figures per topic and over time (admin, editor, approver); look-up by
 * number with the consent history, export and erasure on a citizen's written request
 * (administrators only; every access is audited). Decision 17.
 */
import { Alert, Button, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiData } from '../api/client.js';
import { useCan, useItem, useWrite } from '../api/hooks.js';
import type { Localized } from '../api/types.js';
import { DataTable } from '../components/DataTable.js';
import { FormError } from '../components/FormError.js';
import { Loading } from '../components/Loading.js';
import { PageHeader } from '../components/PageHeader.js';
import { useApiErrors } from '../lib/errors.js';
import { formatDate, formatDateTime } from '../lib/format.js';

interface Stats {
  subscribed_contacts: number;
  topics: { key: string; names: Localized; active: boolean; subscribers: number }[];
  days: { date: string; granted: number; withdrawn: number; erased: number }[];
}

interface Subscriber {
  id: number;
  phone: string | null;
  user_id: string | null;
  name: string | null;
  language: string | null;
  created_at: number;
  last_inbound_at: number | null;
  subscriptions: { key: string; since: number }[];
  consents: { at: number; purpose: string; action: string; text_version: string; channel: string }[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function SubscribersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const stats = useItem<Stats>('/api/subscribers/stats?days=30');
  return (
    <>
      <PageHeader title={t('subscribers.title')} description={t('subscribers.intro')} />
      {!stats.data ? <Loading error={stats.error} /> : <Figures stats={stats.data} />}
      {can('subscribers.personal') && <Lookup />}
    </>
  );
}

function Figures({ stats }: { stats: Stats }) {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en' ? 'en' : 'de') as keyof Localized;
  const active = stats.days.filter((d) => d.granted + d.withdrawn + d.erased > 0);
  return (
    <Stack gap="lg">
      <section aria-labelledby="per-topic">
        <Title order={2} size="h3" id="per-topic" mb="xs">
          {t('subscribers.per_topic')}
        </Title>
        <Text mb="xs">{t('subscribers.contacts', { count: stats.subscribed_contacts })}</Text>
        <DataTable
          caption={t('subscribers.per_topic_caption')}
          rows={stats.topics}
          rowKey={(topic) => topic.key}
          columns={[
            {
              header: t('subscribers.col.topic'),
              cell: (topic) => (
                <>
                  {topic.names[lang]}
                  {!topic.active && ` (${t('subscribers.inactive')})`}
                </>
              ),
            },
            { header: t('subscribers.col.subscribers'), cell: (topic) => topic.subscribers },
          ]}
        />
      </section>
      <section aria-labelledby="over-time">
        <Title order={2} size="h3" id="over-time" mb="xs">
          {t('subscribers.over_time')}
        </Title>
        {active.length === 0 ? (
          <Text>{t('subscribers.no_changes')}</Text>
        ) : (
          <DataTable
            caption={t('subscribers.over_time_caption')}
            rows={active}
            rowKey={(d) => d.date}
            columns={[
              { header: t('subscribers.col.date'), cell: (d) => formatDate(d.date) },
              { header: t('subscribers.col.granted'), cell: (d) => d.granted },
              { header: t('subscribers.col.withdrawn'), cell: (d) => d.withdrawn },
              { header: t('subscribers.col.erased'), cell: (d) => d.erased },
            ]}
          />
        )}
      </section>
    </Stack>
  );
}

function Lookup() {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [phone, setPhone] = useState('');
  const [erased, setErased] = useState(false);
  const lookup = useWrite<void, { data: Subscriber | null }>(() => ({ method: 'POST', url: '/api/subscribers/lookup', body: { phone } }), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErased(false);
    lookup.mutate();
  };
  const found = lookup.data?.data;
  return (
    <section aria-labelledby="lookup">
      <Title order={2} size="h3" id="lookup" mt="xl" mb="xs">
        {t('subscribers.lookup')}
      </Title>
      <Text mb="sm">{t('subscribers.lookup_intro')}</Text>
      <form onSubmit={submit} noValidate>
        <Group align="flex-end">
          <TextInput label={t('subscribers.phone')} description={t('subscribers.phone_hint')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={errors.field(lookup.error, 'phone')} type="tel" autoComplete="off" />
          <Button type="submit" loading={lookup.isPending}>
            {t('subscribers.search')}
          </Button>
        </Group>
      </form>
      <FormError message={errors.general(lookup.error, ['phone'])} />
      {erased && (
        <Alert color="green" variant="light" role="status" mt="md" styles={{ message: { color: '#1a1b1e' } }}>
          {t('subscribers.erased')}
        </Alert>
      )}
      {lookup.isSuccess && !erased && (found ? <Detail subscriber={found} onErased={() => setErased(true)} /> : <Text mt="md" role="status">{t('subscribers.not_found')}</Text>)}
    </section>
  );
}

function Detail({ subscriber, onErased }: { subscriber: Subscriber; onErased: () => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [confirming, setConfirming] = useState(false);
  const [requested, setRequested] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const erase = useWrite(() => ({ method: 'POST', url: `/api/subscribers/${subscriber.id}/erase`, body: { confirm: true } }), ['/api/subscribers/stats?days=30']);
  const download = async () => {
    try {
      const data = await apiData<unknown>('GET', `/api/subscribers/${subscriber.id}/export`);
      const url = window.URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `auskunft-${subscriber.id}.json`;
      a.click();
      window.URL.revokeObjectURL(url);
      setExportError(null);
    } catch (error) {
      setExportError(error);
    }
  };
  return (
    <Stack mt="md" gap="sm" aria-label={t('subscribers.detail')}>
      <Table variant="vertical" withTableBorder>
        <Table.Caption>{t('subscribers.detail')}</Table.Caption>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('subscribers.phone')}</Table.Th>
            <Table.Td>{subscriber.phone ?? '–'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('subscribers.name')}</Table.Th>
            <Table.Td>{subscriber.name ?? '–'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('subscribers.language')}</Table.Th>
            <Table.Td>{subscriber.language ?? '–'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('subscribers.first_contact')}</Table.Th>
            <Table.Td>{formatDateTime(iso(subscriber.created_at))}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('subscribers.topics')}</Table.Th>
            <Table.Td>{subscriber.subscriptions.map((s) => s.key).join(', ') || '–'}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <DataTable
        caption={t('subscribers.consents')}
        rows={subscriber.consents}
        rowKey={(_c, i) => i}
        columns={[
          { header: t('subscribers.col.when'), cell: (c) => formatDateTime(iso(c.at)) },
          { header: t('subscribers.col.action'), cell: (c) => t(`subscribers.action.${c.action === 'granted' ? 'granted' : 'withdrawn'}`) },
          { header: t('subscribers.col.version'), cell: (c) => c.text_version },
          { header: t('subscribers.col.channel'), cell: (c) => c.channel },
        ]}
      />
      <Group>
        <Button variant="default" onClick={() => void download()}>
          {t('subscribers.export')}
        </Button>
        <Button color="red.9" onClick={() => setConfirming(true)}>
          {t('subscribers.erase')}
        </Button>
      </Group>
      <FormError message={exportError ? errors.message(exportError) : undefined} />
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('subscribers.erase_title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack gap="sm">
          <Text>{t('subscribers.erase_text')}</Text>
          <Checkbox label={t('subscribers.erase_requested')} checked={requested} onChange={(e) => setRequested(e.currentTarget.checked)} />
          <FormError message={erase.error ? errors.message(erase.error) : undefined} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red.9" disabled={!requested} loading={erase.isPending} onClick={() => erase.mutate(undefined, { onSuccess: () => { setConfirming(false); onErased(); } })}>
              {t('subscribers.erase_confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
