/** Broadcasts (Mitteilungen): the list with status, topics, reach and computed cost; a new one. */
import { Anchor, Badge, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan, useList } from '../../api/hooks.js';
import type { Broadcast, BroadcastStatus } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { formatDateTime } from '../../lib/format.js';
import { money } from './format.js';

/** Badge colours with at least 4.5:1 contrast to their text. */
const STATUS_COLOURS: Record<BroadcastStatus, { color: string; text: string }> = {
  draft: { color: 'gray.7', text: '#fff' },
  submitted: { color: 'yellow.9', text: '#000' },
  returned: { color: '#b3400b', text: '#fff' },
  approved: { color: 'blue.9', text: '#fff' },
  scheduled: { color: 'indigo.9', text: '#fff' },
  sending: { color: 'teal.9', text: '#fff' },
  sent: { color: 'green.9', text: '#fff' },
  cancelled: { color: 'red.9', text: '#fff' },
};

export function StatusBadge({ status }: { status: BroadcastStatus }) {
  const { t } = useTranslation();
  const c = STATUS_COLOURS[status];
  return (
    <Badge color={c.color} styles={{ label: { color: c.text } }}>
      {t(`broadcasts.statuses.${status}`)}
    </Badge>
  );
}

export function BroadcastsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const list = useList<Broadcast>('/api/broadcasts');
  return (
    <>
      <PageHeader
        title={t('broadcasts.title')}
        description={t('broadcasts.intro')}
        actions={
          can('broadcasts.write') && (
            <Button component={Link} to="/mitteilungen/neu">
              {t('broadcasts.new')}
            </Button>
          )
        }
      />
      {!list.data ? (
        <Loading error={list.error} />
      ) : list.data.length === 0 ? (
        <p>{t('broadcasts.empty')}</p>
      ) : (
        <DataTable
          caption={t('broadcasts.caption')}
          rows={list.data}
          rowKey={(b) => b.id}
          minWidth={860}
          columns={[
            {
              header: t('broadcasts.col.title'),
              cell: (b) => (
                <Anchor component={Link} to={`/mitteilungen/${b.id}`} c="blue.9">
                  {b.title}
                </Anchor>
              ),
            },
            { header: t('broadcasts.col.status'), cell: (b) => <StatusBadge status={b.status} /> },
            { header: t('broadcasts.col.topics'), cell: (b) => b.topics.join(', ') },
            { header: t('broadcasts.col.when'), cell: (b) => formatDateTime(b.started_at ?? b.scheduled_at ?? b.updated_at) },
            { header: t('broadcasts.col.recipients'), cell: (b) => b.recipients ?? '–' },
            { header: t('broadcasts.col.read'), cell: (b) => (b.recipients ? `${b.reached.delivered} / ${b.reached.read}` : '–') },
            { header: t('broadcasts.col.cost'), cell: (b) => (b.recipients ? money(b.cost.amount, b.cost.currency) : '–') },
          ]}
        />
      )}
    </>
  );
}
