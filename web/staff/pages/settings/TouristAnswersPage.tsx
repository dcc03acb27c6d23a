/**
 * Tourist answers (issue 9): what the bot answers visitors and citizens without a subscription —
 * titles, keywords and answers in de/en/nl, an optional image or link, order, active. Editors
 * write, approvers read (decision 17).
 */
import { Button, Group, NumberInput, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useList, useWrite } from '../../api/hooks.js';
import { LANGS, type Localized } from '../../api/types.js';
import { DataTable, EditButton } from '../../components/DataTable.js';
import { EditModal } from '../../components/EditModal.js';
import { Loading } from '../../components/Loading.js';
import { LocalizedInputs } from '../../components/LocalizedInputs.js';
import { PageHeader } from '../../components/PageHeader.js';
import { YesNo } from '../../components/YesNo.js';
import { useEditor } from '../../lib/editor.js';
import { useApiErrors } from '../../lib/errors.js';

export interface TouristAnswer {
  id: number;
  key: string;
  titles: Localized;
  keywords: Record<keyof Localized, string[]>;
  answers: Localized;
  image_url: string | null;
  link_url: string | null;
  sort_order: number;
  active: boolean;
}

const EMPTY: Localized = { de: '', en: '', nl: '' };
const URL = '/api/tourist-answers';

export function TouristAnswersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const answers = useList<TouristAnswer>(URL);
  const editor = useEditor<TouristAnswer>();
  const writable = can('tourism.write');

  return (
    <>
      <PageHeader title={t('tourist_answers.title')} description={t('tourist_answers.intro')} actions={writable && <Button onClick={editor.openNew}>{t('tourist_answers.new')}</Button>} />
      {!answers.data ? (
        <Loading error={answers.error} />
      ) : (
        <DataTable
          caption={t('tourist_answers.caption')}
          rows={answers.data}
          rowKey={(answer) => answer.id}
          minWidth={720}
          columns={[
            { header: t('tourist_answers.col.title'), cell: (answer) => answer.titles.de },
            { header: t('tourist_answers.col.keywords'), cell: (answer) => <Text size="sm">{answer.keywords.de.join(', ')}</Text> },
            { header: t('tourist_answers.col.order'), cell: (answer) => answer.sort_order },
            { header: t('tourist_answers.col.active'), cell: (answer) => <YesNo value={answer.active} /> },
          ]}
          actions={writable ? (answer) => <EditButton name={answer.titles.de} onClick={() => editor.openEdit(answer)} /> : undefined}
        />
      )}
      {editor.opened && <AnswerForm answer={editor.editing} onClose={editor.close} />}
    </>
  );
}

const split = (text: string) =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');

function AnswerForm({ answer, onClose }: { answer: TouristAnswer | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [form, setForm] = useState({
    key: answer?.key ?? '',
    titles: answer?.titles ?? EMPTY,
    keywords: answer ? { de: answer.keywords.de.join(', '), en: answer.keywords.en.join(', '), nl: answer.keywords.nl.join(', ') } : EMPTY,
    answers: answer?.answers ?? EMPTY,
    image_url: answer?.image_url ?? '',
    link_url: answer?.link_url ?? '',
    sort_order: answer?.sort_order ?? ('' as number | ''),
    active: answer?.active ?? true,
  });
  const save = useWrite(
    () => {
      const body = {
        titles: form.titles,
        keywords: Object.fromEntries(LANGS.map((l) => [l, split(form.keywords[l])])),
        answers: form.answers,
        image_url: form.image_url.trim() === '' ? null : form.image_url.trim(),
        link_url: form.link_url.trim() === '' ? null : form.link_url.trim(),
        active: form.active,
        ...(form.sort_order === '' ? {} : { sort_order: form.sort_order }),
      };
      return answer ? { method: 'PATCH', url: `${URL}/${answer.id}`, body } : { method: 'POST', url: URL, body: { ...body, key: form.key } };
    },
    [URL],
  );
  const remove = useWrite(() => ({ method: 'DELETE', url: `${URL}/${answer?.id ?? 0}` }), [URL]);
  return (
    <EditModal
      opened
      title={answer ? t('tourist_answers.edit', { name: answer.titles.de }) : t('tourist_answers.new')}
      onClose={onClose}
      onSubmit={() => save.mutate(undefined, { onSuccess: onClose })}
      busy={save.isPending}
      error={errors.general(save.error ?? remove.error, ['key', 'titles', 'keywords', 'answers', 'image_url', 'link_url', 'sort_order', 'active'])}
    >
      <TextInput
        label={t('tourist_answers.key')}
        description={t('common.key_hint')}
        value={form.key}
        onChange={(e) => setForm({ ...form, key: e.currentTarget.value })}
        readOnly={answer !== null}
        error={errors.field(save.error, 'key')}
        withAsterisk={answer === null}
        data-autofocus
      />
      <LocalizedInputs label={t('tourist_answers.title_field')} value={form.titles} onChange={(titles) => setForm({ ...form, titles })} error={(lang) => errors.field(save.error, `titles.${lang}`)} />
      <Text size="sm" c="gray.8">
        {t('tourist_answers.keywords_hint')}
      </Text>
      <LocalizedInputs label={t('tourist_answers.keywords')} value={form.keywords} onChange={(keywords) => setForm({ ...form, keywords })} error={(lang) => errors.field(save.error, `keywords.${lang}`)} />
      <LocalizedInputs label={t('tourist_answers.answer')} value={form.answers} onChange={(answers) => setForm({ ...form, answers })} error={(lang) => errors.field(save.error, `answers.${lang}`)} multiline />
      <TextInput label={t('tourist_answers.image_url')} description={t('tourist_answers.https_hint')} value={form.image_url} onChange={(e) => setForm({ ...form, image_url: e.currentTarget.value })} error={errors.field(save.error, 'image_url')} />
      <TextInput label={t('tourist_answers.link_url')} description={t('tourist_answers.https_hint')} value={form.link_url} onChange={(e) => setForm({ ...form, link_url: e.currentTarget.value })} error={errors.field(save.error, 'link_url')} />
      <NumberInput label={t('tourist_answers.order')} value={form.sort_order} onChange={(v) => setForm({ ...form, sort_order: typeof v === 'number' ? v : '' })} min={0} allowDecimal={false} error={errors.field(save.error, 'sort_order')} />
      <Switch label={t('tourist_answers.active')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
      {answer && (
        <Group>
          <Button color="red.9" variant="outline" type="button" loading={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: onClose })}>
            {t('tourist_answers.delete')}
          </Button>
        </Group>
      )}
    </EditModal>
  );
}
