/**
 * The template registry: what Meta approved (name, language, category, status, parameters) and
 * which message kinds each template stands in for outside the 24-hour window. Templates are
 * created and approved in Meta's WhatsApp Manager; here the town maps them and syncs them now.
 * Approvers read; admins and editors change.
 */
import { Alert, Badge, Button, MultiSelect, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useList, useWrite } from '../../api/hooks.js';
import { TEMPLATE_KINDS, type MessageTemplate, type TemplateKind } from '../../api/types.js';
import { DataTable, EditButton } from '../../components/DataTable.js';
import { EditModal } from '../../components/EditModal.js';
import { FormError } from '../../components/FormError.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useEditor } from '../../lib/editor.js';
import { useApiErrors } from '../../lib/errors.js';
import { formatDateTime } from '../../lib/format.js';

const TEMPLATES_URL = '/api/templates';

/** Badge colours with at least 4.5:1 contrast to their text (WCAG AA for small bold text). */
const STATUS_COLOURS: Record<string, { color: string; text: string }> = {
  approved: { color: 'teal.9', text: '#fff' },
  pending: { color: 'yellow.9', text: '#000' },
  rejected: { color: 'red.9', text: '#fff' },
  paused: { color: '#b3400b', text: '#fff' },
};
const OTHER_STATUS = { color: 'gray.7', text: '#fff' };

export function TemplatesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const templates = useList<MessageTemplate>(TEMPLATES_URL);
  const editor = useEditor<MessageTemplate>();
  const writable = can('templates.write');
  const errors = useApiErrors();
  const sync = useWrite<void, { data: { synced: number } }>(() => ({ method: 'POST', url: `${TEMPLATES_URL}/sync` }), [TEMPLATES_URL]);

  return (
    <>
      <PageHeader
        title={t('templates.title')}
        description={t('templates.intro')}
        actions={
          writable && (
            <Button onClick={() => sync.mutate()} loading={sync.isPending}>
              {t('templates.sync')}
            </Button>
          )
        }
      />
      {sync.isSuccess && (
        <Alert color="teal" variant="light" role="status" mb="md" styles={{ message: { color: '#1a1b1e' } }}>
          {t('templates.synced', { count: sync.data.data.synced })}
        </Alert>
      )}
      <FormError message={sync.error ? errors.message(sync.error) : undefined} />
      {!templates.data ? (
        <Loading error={templates.error} />
      ) : templates.data.length === 0 ? (
        <p>{t('templates.empty')}</p>
      ) : (
        <DataTable
          caption={t('templates.caption')}
          rows={templates.data}
          rowKey={(template) => template.id}
          minWidth={960}
          columns={[
            {
              header: t('templates.col.name'),
              cell: (template) => (
                <>
                  <Text fw={600} size="sm">
                    {template.name}
                  </Text>
                  <Text size="sm" c="gray.8" maw={360} style={{ whiteSpace: 'pre-wrap' }}>
                    {template.body}
                  </Text>
                </>
              ),
            },
            { header: t('templates.col.language'), cell: (template) => <LanguageName code={template.language} /> },
            { header: t('templates.col.category'), cell: (template) => <CategoryName category={template.category} /> },
            {
              header: t('templates.col.status'),
              cell: (template) => (
                <>
                  <StatusBadge status={template.status} />
                  {template.status_reason && (
                    <Text size="xs" c="gray.8" mt={4}>
                      {t('templates.status_reason', { reason: template.status_reason })}
                    </Text>
                  )}
                </>
              ),
            },
            { header: t('templates.col.parameters'), cell: (template) => template.parameter_count },
            { header: t('templates.col.serves'), cell: (template) => <KindList kinds={template.serves} /> },
            { header: t('templates.col.updated'), cell: (template) => formatDateTime(template.updated_at) },
          ]}
          actions={writable ? (template) => <EditButton name={`${template.name} (${template.language})`} onClick={() => editor.openEdit(template)} /> : undefined}
        />
      )}
      {editor.editing && <ServesForm template={editor.editing} onClose={editor.close} />}
    </>
  );
}

function StatusBadge({ status }: { status: string }) {
  const { t, i18n } = useTranslation();
  const key = `templates.statuses.${status}`;
  const colours = STATUS_COLOURS[status] ?? OTHER_STATUS;
  return (
    <Badge color={colours.color} styles={{ label: { color: colours.text } }}>
      {i18n.exists(key) ? t(key) : status}
    </Badge>
  );
}

function CategoryName({ category }: { category: string }) {
  const { t, i18n } = useTranslation();
  const key = `templates.categories.${category}`;
  return <>{i18n.exists(key) ? t(key) : category}</>;
}

function LanguageName({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const key = `languages.${code}`;
  return <>{i18n.exists(key) ? t(key) : code}</>;
}

function KindList({ kinds }: { kinds: TemplateKind[] }) {
  const { t } = useTranslation();
  if (kinds.length === 0) return <>{t('templates.serves_nothing')}</>;
  return <>{kinds.map((kind) => t(`templates.kinds.${kind.replace(':', '.')}`)).join(', ')}</>;
}

function ServesForm({ template, onClose }: { template: MessageTemplate; onClose: () => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [serves, setServes] = useState<TemplateKind[]>(template.serves);
  const save = useWrite(() => ({ method: 'PATCH', url: `${TEMPLATES_URL}/${template.id}`, body: { serves } }), [TEMPLATES_URL]);
  return (
    <EditModal
      opened
      title={t('templates.edit', { name: template.name, language: template.language })}
      onClose={onClose}
      onSubmit={() => save.mutate(undefined, { onSuccess: onClose })}
      busy={save.isPending}
      error={errors.general(save.error, ['serves'])}
    >
      <div>
        <Text size="sm" fw={600}>
          {t('templates.body')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {template.body}
        </Text>
      </div>
      {template.status !== 'approved' && (
        <Alert color="yellow" variant="light" styles={{ message: { color: '#1a1b1e' } }}>
          {t('templates.not_approved')}
        </Alert>
      )}
      <MultiSelect
        label={t('templates.serves')}
        description={t('templates.serves_hint')}
        data={TEMPLATE_KINDS.map((kind) => ({ value: kind, label: t(`templates.kinds.${kind.replace(':', '.')}`) }))}
        value={serves}
        onChange={(value) => setServes(value as TemplateKind[])}
        error={errors.field(save.error, 'serves')}
        placeholder={serves.length === 0 ? t('templates.serves_placeholder') : undefined}
        clearable
        maxDropdownHeight={480} // all kinds without a scrolling region (axe: scrollable-region-focusable)
        data-autofocus
      />
    </EditModal>
  );
}
