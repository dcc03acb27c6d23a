/** The audit log ("Protokoll"): search by text, action, person and period; newest first; read only. */
import { Button, Code, Group, Paper, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { AuditEntry } from '../api/types.js';
import { DataTable } from '../components/DataTable.js';
import { FormError } from '../components/FormError.js';
import { Loading } from '../components/Loading.js';
import { PageHeader } from '../components/PageHeader.js';
import { useApiErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/format.js';

interface Filters {
  q: string;
  action: string;
  actor: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { q: '', action: '', actor: '', from: '', to: '' };

function query(filters: Filters, beforeId: number | null): string {
  const params = new URLSearchParams({ limit: '50' });
  if (filters.q) params.set('q', filters.q);
  if (filters.action) params.set('action', filters.action);
  if (filters.actor) params.set('actor', filters.actor);
  if (filters.from) params.set('from', new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to) params.set('to', new Date(`${filters.to}T23:59:59.999`).toISOString());
  if (beforeId !== null) params.set('before_id', String(beforeId));
  return `/api/audit?${params.toString()}`;
}

export function AuditPage() {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const entries = useInfiniteQuery({
    queryKey: ['/api/audit', filters],
    queryFn: ({ pageParam }) => api<{ data: AuditEntry[]; next_before_id: number | null }>('GET', query(filters, pageParam)),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next_before_id,
  });
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const rows = entries.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.intro')} />
      <Paper withBorder p="md" mb="md" component="form" onSubmit={handleSubmit} role="search" aria-label={t('audit.search')}>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('audit.q')} value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })} />
          <TextInput label={t('audit.action')} description={t('audit.action_hint')} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })} />
          <TextInput label={t('audit.actor')} value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.currentTarget.value })} />
          <TextInput type="date" label={t('audit.from')} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
          <TextInput type="date" label={t('audit.to')} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
          <Button type="submit">{t('audit.search')}</Button>
          <Button
            variant="default"
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            {t('audit.reset')}
          </Button>
        </Group>
      </Paper>
      <FormError message={entries.error ? errors.message(entries.error) : undefined} />
      {!entries.data ? (
        !entries.error && <Loading />
      ) : rows.length === 0 ? (
        <Text>{t('audit.empty')}</Text>
      ) : (
        <DataTable
          caption={t('audit.caption', { count: rows.length })}
          rows={rows}
          rowKey={(row) => row.id}
          minWidth={800}
          columns={[
            { header: t('audit.col.at'), cell: (row) => formatDateTime(row.at) },
            { header: t('audit.col.actor'), cell: (row) => row.actor_label },
            { header: t('audit.col.action'), cell: (row) => <Code>{row.action}</Code> },
            { header: t('audit.col.subject'), cell: (row) => (row.subject_type ? `${row.subject_type} ${row.subject_id ?? ''}` : '–') },
            { header: t('audit.col.detail'), cell: (row) => (row.detail ? <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(row.detail)}</Code> : '–') },
            { header: t('audit.col.ip'), cell: (row) => row.ip ?? '–' },
          ]}
        />
      )}
      {entries.hasNextPage && (
        <Button mt="md" variant="default" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
          {t('audit.more')}
        </Button>
      )}
    </>
  );
}
