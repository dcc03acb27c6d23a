/** Topics citizens subscribe to: names and descriptions in de/en/nl, order, active; "Eilmeldungen" is marked. */
import { Badge, Button, NumberInput, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useList, useWrite } from '../../api/hooks.js';
import type { Localized, Topic } from '../../api/types.js';
import { DataTable, EditButton } from '../../components/DataTable.js';
import { EditModal } from '../../components/EditModal.js';
import { Loading } from '../../components/Loading.js';
import { LocalizedInputs } from '../../components/LocalizedInputs.js';
import { PageHeader } from '../../components/PageHeader.js';
import { YesNo } from '../../components/YesNo.js';
import { useEditor } from '../../lib/editor.js';
import { useApiErrors } from '../../lib/errors.js';

const EMPTY: Localized = { de: '', en: '', nl: '' };

export function TopicsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const topics = useList<Topic>('/api/topics');
  const editor = useEditor<Topic>();
  const writable = can('topics.write');

  return (
    <>
      <PageHeader
        title={t('topics.title')}
        description={t('topics.intro')}
        actions={writable && <Button onClick={editor.openNew}>{t('topics.new')}</Button>}
      />
      {!topics.data ? (
        <Loading error={topics.error} />
      ) : (
        <DataTable
          caption={t('topics.caption')}
          rows={topics.data}
          rowKey={(topic) => topic.id}
          minWidth={640}
          columns={[
            {
              header: t('topics.col.name'),
              cell: (topic) => (
                <>
                  {topic.names.de}{' '}
                  {topic.urgent && (
                    <Badge color="red.9" ml="xs">
                      {t('topics.urgent')}
                    </Badge>
                  )}
                </>
              ),
            },
            { header: t('topics.col.key'), cell: (topic) => topic.key },
            { header: t('topics.col.order'), cell: (topic) => topic.sort_order },
            { header: t('topics.col.active'), cell: (topic) => <YesNo value={topic.active} /> },
          ]}
          actions={writable ? (topic) => <EditButton name={topic.names.de} onClick={() => editor.openEdit(topic)} /> : undefined}
        />
      )}
      {editor.opened && <TopicForm topic={editor.editing} onClose={editor.close} />}
    </>
  );
}

function TopicForm({ topic, onClose }: { topic: Topic | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [form, setForm] = useState({
    key: topic?.key ?? '',
    names: topic?.names ?? EMPTY,
    descriptions: topic?.descriptions ?? EMPTY,
    sort_order: topic?.sort_order ?? ('' as number | ''),
    active: topic?.active ?? true,
  });
  const save = useWrite(
    () => {
      const body = { names: form.names, descriptions: form.descriptions, active: form.active, ...(form.sort_order === '' ? {} : { sort_order: form.sort_order }) };
      return topic ? { method: 'PATCH', url: `/api/topics/${topic.id}`, body } : { method: 'POST', url: '/api/topics', body: { ...body, key: form.key } };
    },
    ['/api/topics'],
  );
  return (
    <EditModal
      opened
      title={topic ? t('topics.edit', { name: topic.names.de }) : t('topics.new')}
      onClose={onClose}
      onSubmit={() => save.mutate(undefined, { onSuccess: onClose })}
      busy={save.isPending}
      error={errors.general(save.error, ['key', 'names', 'descriptions', 'sort_order', 'active'])}
    >
      <TextInput
        label={t('topics.key')}
        description={t('common.key_hint')}
        value={form.key}
        onChange={(e) => setForm({ ...form, key: e.currentTarget.value })}
        readOnly={topic !== null}
        error={errors.field(save.error, 'key')}
        withAsterisk={topic === null}
        data-autofocus
      />
      <LocalizedInputs label={t('topics.name')} value={form.names} onChange={(names) => setForm({ ...form, names })} error={(lang) => errors.field(save.error, `names.${lang}`)} />
      <LocalizedInputs label={t('topics.description')} value={form.descriptions} onChange={(descriptions) => setForm({ ...form, descriptions })} error={(lang) => errors.field(save.error, `descriptions.${lang}`)} multiline />
      <NumberInput label={t('topics.order')} value={form.sort_order} onChange={(v) => setForm({ ...form, sort_order: typeof v === 'number' ? v : '' })} min={0} allowDecimal={false} error={errors.field(save.error, 'sort_order')} />
      <Switch label={t('topics.active')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
    </EditModal>
  );
}
