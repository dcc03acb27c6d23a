/** After sending: messages by delivery state, reasons, teasers and follow-ups, the computed cost (not invoiced) beside the estimate. */
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Broadcast } from '../../api/types.js';
import { money } from './format.js';

const STATES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'expired', 'cancelled'] as const;

export function BroadcastFigures({ broadcast }: { broadcast: Broadcast }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="figures-heading" data-testid="figures">
      <Stack gap="sm">
        <Title order={2} size="h4" id="figures-heading">
          {t('broadcasts.figures.heading')}
        </Title>
        <Table>
          <Table.Caption>{t('broadcasts.figures.caption', { count: broadcast.recipients ?? 0 })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('broadcasts.figures.state')}</Table.Th>
              <Table.Th scope="col">{t('broadcasts.figures.messages')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {STATES.map((state) => (
              <Table.Tr key={state}>
                <Table.Th scope="row">{t(`broadcasts.counts.${state}`)}</Table.Th>
                <Table.Td data-testid={`count-${state}`}>{broadcast.counts[state]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {broadcast.failures.length > 0 && (
          <Text size="sm">{t('broadcasts.figures.reasons', { reasons: broadcast.failures.map((f) => `${t(`broadcasts.counts.${f.state}`)}: ${f.reason} (${f.n})`).join('; ') })}</Text>
        )}
        <Text size="sm">{t('broadcasts.figures.teasers', { teasers: broadcast.teasers, follow_ups: broadcast.follow_ups })}</Text>
        <Text size="sm" fw={600}>
          {t('broadcasts.figures.cost', { amount: money(broadcast.cost.amount, broadcast.cost.currency) })}
        </Text>
        {broadcast.estimate && (
          <Text size="sm">{t('broadcasts.figures.compared', { recipients: broadcast.estimate.recipients, amount: money(broadcast.estimate.cost.amount, broadcast.estimate.cost.currency) })}</Text>
        )}
      </Stack>
    </Paper>
  );
}
