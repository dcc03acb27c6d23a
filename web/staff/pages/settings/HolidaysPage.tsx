/** Public holidays of a year (excluded from deadlines, like weekends). */
import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useList, useWrite } from '../../api/hooks.js';
import type { Holiday } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { EditModal } from '../../components/EditModal.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useEditor } from '../../lib/editor.js';
import { useApiErrors } from '../../lib/errors.js';
import { formatDate } from '../../lib/format.js';

export function HolidaysPage() {
  const { t } = useTranslation();
  const can = useCan();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const holidays = useList<Holiday>(`/api/holidays?year=${year}`);
  const editor = useEditor<Holiday>();
  const writable = can('settings.write');
  const remove = useWrite((h: Holiday) => ({ method: 'DELETE', url: `/api/holidays/${h.id}` }), [`/api/holidays?year=${year}`]);
  const years = Array.from({ length: 5 }, (_, i) => String(thisYear - 1 + i));

  return (
    <>
      <PageHeader title={t('holidays.title')} description={t('holidays.intro')} actions={writable && <Button onClick={editor.openNew}>{t('holidays.new')}</Button>} />
      <Group mb="md">
        <NativeSelect label={t('holidays.year')} data={years} value={year} onChange={(e) => setYear(e.currentTarget.value)} />
      </Group>
      {!holidays.data ? (
        <Loading error={holidays.error} />
      ) : holidays.data.length === 0 ? (
        <p>{t('holidays.empty', { year })}</p>
      ) : (
        <DataTable
          caption={t('holidays.caption', { year })}
          rows={holidays.data}
          rowKey={(h) => h.id}
          columns={[
            { header: t('holidays.col.date'), cell: (h) => formatDate(h.date) },
            { header: t('holidays.col.name'), cell: (h) => h.name },
          ]}
          actions={
            writable
              ? (h) => (
                  <Button
                    size="xs"
                    color="red.9"
                    variant="outline"
                    aria-label={t('holidays.remove_named', { name: h.name, date: formatDate(h.date) })}
                    onClick={() => {
                      if (window.confirm(t('holidays.remove_confirm', { name: h.name }))) remove.mutate(h);
                    }}
                  >
                    {t('holidays.remove')}
                  </Button>
                )
              : undefined
          }
        />
      )}
      {editor.opened && <HolidayForm year={year} onClose={editor.close} />}
    </>
  );
}

function HolidayForm({ year, onClose }: { year: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const save = useWrite(() => ({ method: 'POST', url: '/api/holidays', body: { date, name } }), [`/api/holidays?year=${year}`, `/api/holidays?year=${date.slice(0, 4)}`]);
  return (
    <EditModal opened title={t('holidays.new')} onClose={onClose} onSubmit={() => save.mutate(undefined, { onSuccess: onClose })} busy={save.isPending} error={errors.general(save.error, ['date', 'name'])}>
      <TextInput type="date" label={t('holidays.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} error={errors.field(save.error, 'date')} withAsterisk data-autofocus />
      <TextInput label={t('holidays.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.field(save.error, 'name')} withAsterisk />
    </EditModal>
  );
}
