/**
 * Beside the editor: the live WhatsApp preview of both renderings — free-form (inside the
 * 24-hour window) and the teaser template (outside it, with "Lesen") — and the estimate:
 * recipients inside/outside the window, templates and cost at the rate card, follow-ups, days
 * the messaging limit needs, and those who would get nothing because no teaser is approved.
 */
import { Alert, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Estimate, Variant } from '../../api/types.js';
import { WhatsAppBubble } from '../../components/WhatsAppPreview.js';
import { money } from './format.js';

const BUTTON = { de: 'Lesen', en: 'Read', nl: 'Lezen' } as const;

export function BroadcastPreview({ text, variants, estimate }: { text: string; variants: { en?: Variant; nl?: Variant }; estimate: Estimate | undefined }) {
  const { t } = useTranslation();
  const teaser = estimate?.renderings.teaser.find((r) => r.language === 'de');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="preview-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="preview-heading">
          {t('broadcasts.preview.heading')}
        </Title>
        <Text size="sm" fw={600}>
          {t('broadcasts.preview.free_form')}
        </Text>
        {text.trim() ? <WhatsAppBubble text={text} label={t('broadcasts.preview.free_form')} /> : <Text size="sm">{t('broadcasts.preview.empty')}</Text>}
        {(['en', 'nl'] as const).map((language) =>
          variants[language]?.text.trim() ? (
            <WhatsAppBubble key={language} text={variants[language]!.text} label={t('broadcasts.preview.variant', { language: t(`languages.${language}`) })} footer={t(`languages.${language}`)} />
          ) : null,
        )}
        <Text size="sm" fw={600}>
          {t('broadcasts.preview.teaser')}
        </Text>
        {!estimate ? (
          <Text size="sm">{t('broadcasts.preview.save_first')}</Text>
        ) : teaser?.text && teaser.status === 'approved' ? (
          <WhatsAppBubble text={teaser.text} button={BUTTON.de} footer={teaser.template ?? undefined} label={t('broadcasts.preview.teaser')} />
        ) : (
          <Alert color="red" variant="light" title={t('broadcasts.preview.no_teaser_title')} styles={{ title: { color: '#8b1a1a' }, message: { color: '#1a1b1e' } }}>
            {t('broadcasts.preview.no_teaser', { template: teaser?.template ?? '–', status: teaser?.status ?? '–' })}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

export function BroadcastEstimate({ estimate }: { estimate: Estimate }) {
  const { t } = useTranslation();
  const limit = estimate.messaging_limit;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="estimate-heading" data-testid="estimate">
      <Stack gap="sm">
        <Title order={2} size="h4" id="estimate-heading">
          {t('broadcasts.estimate.heading')}
        </Title>
        <List size="sm" spacing={2}>
          <List.Item>{t('broadcasts.estimate.recipients', { count: estimate.recipients })}</List.Item>
          <List.Item>{t('broadcasts.estimate.inside', { count: estimate.inside_window })}</List.Item>
          <List.Item>{t('broadcasts.estimate.outside', { count: estimate.outside_window })}</List.Item>
          <List.Item>{t('broadcasts.estimate.languages', { de: estimate.languages.de, en: estimate.languages.en, nl: estimate.languages.nl })}</List.Item>
          <List.Item>{t('broadcasts.estimate.follow_ups', { count: estimate.follow_ups_expected })}</List.Item>
          <List.Item>{limit.limit === 'unlimited' ? t('broadcasts.estimate.no_limit') : t('broadcasts.estimate.days', { count: limit.days, limit: limit.limit })}</List.Item>
        </List>
        {estimate.without_template > 0 && (
          <Alert color="red" variant="light" title={t('broadcasts.estimate.without_template_title')} styles={{ title: { color: '#8b1a1a' }, message: { color: '#1a1b1e' } }} data-testid="without-template">
            {t('broadcasts.estimate.without_template', { count: estimate.without_template })}
          </Alert>
        )}
        {estimate.teasers.length > 0 && (
          <Table>
            <Table.Caption>{t('broadcasts.estimate.teasers')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('broadcasts.estimate.template')}</Table.Th>
                <Table.Th scope="col">{t('broadcasts.estimate.category')}</Table.Th>
                <Table.Th scope="col">{t('broadcasts.estimate.count')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {estimate.teasers.map((x) => (
                <Table.Tr key={`${x.name}/${x.language}`}>
                  <Table.Td>{`${x.name} (${x.language})`}</Table.Td>
                  <Table.Td>{x.category}</Table.Td>
                  <Table.Td>{x.recipients}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="sm" fw={600}>
          {t('broadcasts.estimate.cost', { amount: money(estimate.cost.amount, estimate.cost.currency) })}
        </Text>
        {estimate.cost.estimate && <Text size="xs">{t('broadcasts.estimate.rate_card_estimate')}</Text>}
      </Stack>
    </Paper>
  );
}
