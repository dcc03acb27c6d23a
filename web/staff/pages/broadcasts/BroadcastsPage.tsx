/** Broadcasts (Mitteilungen): the list with status, topics, reach and computed cost; a new one. */
import { Anchor, Badge, Button, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan, useList } from '../../api/hooks.js';
import type { Broadcast, BroadcastStatus } from '../../api/types.js';
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
        <Table.ScrollContainer minWidth={860}>
          <Table striped>
            <Table.Caption>{t('broadcasts.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('broadcasts.col.title')}</Table.Th>
                <Table.Th scope="col">{t('broadcasts.col.status')}</Table.Th>
                <Table.Th scope="col">{t('broadcasts.col.topics')}</Table.Th>
                <Table.Th scope="col">{t('broadcasts.col.when')}</Table.Th>
                <Table.Th scope="col">{t('broadcasts.col.recipients')}</Table.Th>
                <Table.Th scope="col">{t('broadcasts.col.read')}</Table.Th>
                <Table.Th scope="col">{t('broadcasts.col.cost')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/mitteilungen/${b.id}`} c="blue.9">
                      {b.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={b.status} />
                  </Table.Td>
                  <Table.Td>{b.topics.join(', ')}</Table.Td>
                  <Table.Td>{formatDateTime(b.started_at ?? b.scheduled_at ?? b.updated_at)}</Table.Td>
                  <Table.Td>{b.recipients ?? '–'}</Table.Td>
                  <Table.Td>{b.recipients ? `${b.reached.delivered} / ${b.reached.read}` : '–'}</Table.Td>
                  <Table.Td>{b.recipients ? money(b.cost.amount, b.cost.currency) : '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
