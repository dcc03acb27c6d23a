/**
 * The editor's form: title (≤ 60, the teaser's parameter), text (WhatsApp formatting, ≤ 4,096 or
 * 1,024 with media), topics, content class with its press-law checklist, English and Dutch
 * variants, an image or PDF, a time to send and a "not after" time. Saved as a draft.
 */
import { Alert, Button, Checkbox, FileInput, Group, MultiSelect, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUpload } from '../../api/client.js';
import type { ContentClass, MediaItem, Topic, Variant } from '../../api/types.js';
import { CHECKLISTS, CONTENT_CLASSES } from '../../api/types.js';
import { FormError } from '../../components/FormError.js';
import { useApiErrors } from '../../lib/errors.js';
import { fromLocalInput, toLocalInput } from './format.js';

export interface BroadcastDraft {
  title: string;
  text: string;
  topics: string[];
  content_class: ContentClass;
  checklist: string[];
  language_variants: { en?: Variant; nl?: Variant };
  media_id: number | null;
  scheduled_at: string | null;
  not_after: string | null;
}

export const EMPTY_DRAFT: BroadcastDraft = { title: '', text: '', topics: [], content_class: 'official_notice', checklist: [], language_variants: {}, media_id: null, scheduled_at: null, not_after: null };

export function BroadcastForm({
  draft,
  onChange,
  topics,
  editable,
  onSave,
  saving,
  error,
}: {
  draft: BroadcastDraft;
  onChange: (draft: BroadcastDraft) => void;
  topics: Topic[];
  editable: boolean;
  onSave: () => void;
  saving: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [media, setMedia] = useState<MediaItem | null>(null);
  const set = <K extends keyof BroadcastDraft>(key: K, value: BroadcastDraft[K]) => onChange({ ...draft, [key]: value });
  const limit = draft.media_id === null ? 4096 : 1024;
  const variant = (language: 'en' | 'nl') => draft.language_variants[language] ?? { title: '', text: '' };
  const setVariant = (language: 'en' | 'nl', v: Variant) => {
    const next = { ...draft.language_variants };
    if (v.title === '' && v.text === '') delete next[language];
    else next[language] = v;
    set('language_variants', next);
  };
  const upload = async (file: File | null) => {
    setUploadError(null);
    if (!file) {
      setMedia(null);
      set('media_id', null);
      return;
    }
    try {
      const item = await apiUpload<MediaItem>('/api/media', file);
      setMedia(item);
      set('media_id', item.id);
    } catch (e) {
      setUploadError(e);
    }
  };
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSave();
  };
  const fields = ['title', 'text', 'topics', 'content_class', 'checklist', 'language_variants', 'media_id', 'scheduled_at', 'not_after'];
  const urgent = topics.some((topic) => topic.urgent && draft.topics.includes(topic.key));

  return (
    <Paper withBorder p="md" component="form" onSubmit={handleSubmit} noValidate aria-labelledby="editor-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="editor-heading">
          {t('broadcasts.editor.heading')}
        </Title>
        <FormError message={errors.general(error, fields)} />
        <TextInput
          label={t('broadcasts.editor.title')}
          description={t('broadcasts.editor.title_hint', { count: draft.title.length })}
          value={draft.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={errors.field(error, 'title')}
          maxLength={60}
          required
          disabled={!editable}
        />
        <Textarea
          label={t('broadcasts.editor.text')}
          description={t('broadcasts.editor.text_hint', { count: draft.text.length, limit })}
          value={draft.text}
          onChange={(e) => set('text', e.currentTarget.value)}
          error={errors.field(error, 'text')}
          autosize
          minRows={6}
          required
          disabled={!editable}
        />
        <MultiSelect
          label={t('broadcasts.editor.topics')}
          data={topics.filter((topic) => topic.active).map((topic) => ({ value: topic.key, label: topic.names.de }))}
          value={draft.topics}
          onChange={(value) => set('topics', value)}
          placeholder={draft.topics.length === 0 ? t('broadcasts.editor.topics_placeholder') : undefined}
          error={errors.field(error, 'topics')}
          required
          disabled={!editable}
        />
        {urgent && (
          <Alert color="red" variant="light" styles={{ message: { color: '#1a1b1e' } }}>
            {t('broadcasts.editor.urgent_hint')}
          </Alert>
        )}
        <Select
          label={t('broadcasts.editor.content_class')}
          description={t('broadcasts.editor.content_class_hint')}
          data={CONTENT_CLASSES.map((c) => ({ value: c, label: t(`broadcasts.classes.${c}`) }))}
          value={draft.content_class}
          onChange={(value) => value && onChange({ ...draft, content_class: value as ContentClass, checklist: [] })}
          allowDeselect={false}
          error={errors.field(error, 'content_class')}
          disabled={!editable}
        />
        <Checkbox.Group label={t('broadcasts.editor.checklist')} value={draft.checklist} onChange={(value) => set('checklist', value)} error={errors.field(error, 'checklist')}>
          <Stack gap={6} mt={6}>
            {CHECKLISTS[draft.content_class].map((item) => (
              <Checkbox key={item} value={item} label={t(`broadcasts.checklist.${item}`)} disabled={!editable} />
            ))}
          </Stack>
        </Checkbox.Group>
        {(['en', 'nl'] as const).map((language) => (
          <Stack key={language} gap={6}>
            <Text fw={600} size="sm">
              {t('broadcasts.editor.variant', { language: t(`languages.${language}`) })}
            </Text>
            <TextInput
              label={t('broadcasts.editor.variant_title', { language: t(`languages.${language}`) })}
              value={variant(language).title}
              onChange={(e) => setVariant(language, { ...variant(language), title: e.currentTarget.value })}
              error={errors.field(error, `language_variants.${language}.title`)}
              maxLength={60}
              disabled={!editable}
            />
            <Textarea
              label={t('broadcasts.editor.variant_text', { language: t(`languages.${language}`) })}
              value={variant(language).text}
              onChange={(e) => setVariant(language, { ...variant(language), text: e.currentTarget.value })}
              error={errors.field(error, `language_variants.${language}.text`)}
              autosize
              minRows={3}
              disabled={!editable}
            />
          </Stack>
        ))}
        <FileInput
          label={t('broadcasts.editor.media')}
          description={media ? media.filename : draft.media_id !== null ? t('broadcasts.editor.media_attached') : t('broadcasts.editor.media_hint')}
          accept="image/jpeg,image/png,application/pdf"
          onChange={(file) => void upload(file)}
          error={uploadError ? errors.message(uploadError) : errors.field(error, 'media_id')}
          clearable
          disabled={!editable}
        />
        <Group grow align="flex-start">
          <TextInput
            type="datetime-local"
            label={t('broadcasts.editor.scheduled_at')}
            description={t('broadcasts.editor.scheduled_at_hint')}
            value={toLocalInput(draft.scheduled_at)}
            onChange={(e) => set('scheduled_at', fromLocalInput(e.currentTarget.value))}
            error={errors.field(error, 'scheduled_at')}
            disabled={!editable}
          />
          <TextInput
            type="datetime-local"
            label={t('broadcasts.editor.not_after')}
            description={t('broadcasts.editor.not_after_hint')}
            value={toLocalInput(draft.not_after)}
            onChange={(e) => set('not_after', fromLocalInput(e.currentTarget.value))}
            error={errors.field(error, 'not_after')}
            disabled={!editable}
          />
        </Group>
        {editable && (
          <Group justify="flex-end">
            <Button type="submit" loading={saving}>
              {t('broadcasts.editor.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
