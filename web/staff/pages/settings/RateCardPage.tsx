/** The rate card: price per delivered template message by category × recipient market (EUR), marked as estimate. */
import { Alert, Button, Group, NumberInput, Paper, Stack, Switch, Table, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useItem, useWrite } from '../../api/hooks.js';
import { MARKETS, PRICING_CATEGORIES, type RateCard } from '../../api/types.js';
import { FormError } from '../../components/FormError.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApiErrors } from '../../lib/errors.js';

export function RateCardPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const errors = useApiErrors();
  const card = useItem<RateCard>('/api/settings/rate-card');
  const [form, setForm] = useState<RateCard | null>(null);
  useEffect(() => {
    if (card.data) setForm(card.data);
  }, [card.data]);
  const save = useWrite(() => ({ method: 'PUT', url: '/api/settings/rate-card', body: form }), ['/api/settings/rate-card']);
  const writable = can('settings.write');
  const price = (category: string, market: string) => form?.prices.find((p) => p.category === category && p.market === market)?.price ?? '';
  const setPrice = (category: (typeof PRICING_CATEGORIES)[number], market: (typeof MARKETS)[number], value: number | '') => {
    if (!form) return;
    const rest = form.prices.filter((p) => !(p.category === category && p.market === market));
    setForm({ ...form, prices: [...rest, { category, market, price: value === '' ? (null as unknown as number) : value }] });
  };
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, { onSuccess: () => notifications.show({ message: t('common.saved') }) });
  };
  return (
    <>
      <PageHeader title={t('rate_card.title')} description={t('rate_card.intro')} />
      {!form ? (
        <Loading error={card.error} />
      ) : (
        <Paper withBorder p="md" maw={820} component="form" onSubmit={handleSubmit} noValidate>
          <Stack gap="sm">
            {form.estimate && (
              <Alert color="yellow" variant="light" title={t('rate_card.estimate_title')} styles={{ title: { color: '#4a3000' }, message: { color: '#1a1b1e' } }}>
                {t('rate_card.estimate_text')}
              </Alert>
            )}
            <FormError message={errors.general(save.error, ['prices', 'note', 'estimate'])} />
            {errors.field(save.error, 'prices') && <FormError message={errors.field(save.error, 'prices')} />}
            <Table>
              <Table.Caption>{t('rate_card.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('rate_card.category')}</Table.Th>
                  {MARKETS.map((m) => (
                    <Table.Th scope="col" key={m}>
                      {t(`rate_card.markets.${m}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {PRICING_CATEGORIES.map((c) => (
                  <Table.Tr key={c}>
                    <Table.Th scope="row">{t(`rate_card.categories.${c}`)}</Table.Th>
                    {MARKETS.map((m) => (
                      <Table.Td key={m}>
                        <NumberInput
                          aria-label={t('rate_card.price_label', { category: t(`rate_card.categories.${c}`), market: t(`rate_card.markets.${m}`) })}
                          value={price(c, m)}
                          onChange={(v) => setPrice(c, m, typeof v === 'number' ? v : '')}
                          min={0}
                          max={10}
                          step={0.0001}
                          decimalScale={4}
                          decimalSeparator={i18n.language === 'de' ? ',' : '.'}
                          suffix=" €"
                          readOnly={!writable}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Switch label={t('rate_card.estimate')} checked={form.estimate} onChange={(e) => setForm({ ...form, estimate: e.currentTarget.checked })} disabled={!writable} />
            <Textarea label={t('rate_card.note')} value={form.note} onChange={(e) => setForm({ ...form, note: e.currentTarget.value })} autosize minRows={2} readOnly={!writable} error={errors.field(save.error, 'note')} />
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
