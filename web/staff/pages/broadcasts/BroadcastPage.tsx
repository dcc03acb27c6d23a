/**
 * One broadcast: the editor (new, draft or returned), the live preview and the estimate beside
 * it, the next actions, and afterwards the figures. `/mitteilungen/neu` starts a new one.
 */
import { Grid, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useItem, useList, useWrite } from '../../api/hooks.js';
import type { Broadcast, Estimate, Topic } from '../../api/types.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { BroadcastActions } from './BroadcastActions.js';
import { BroadcastFigures } from './BroadcastFigures.js';
import { BroadcastForm, EMPTY_DRAFT, type BroadcastDraft } from './BroadcastForm.js';
import { BroadcastEstimate, BroadcastPreview } from './BroadcastSide.js';
import { StatusBadge } from './BroadcastsPage.js';

const toDraft = (b: Broadcast): BroadcastDraft => ({
  title: b.title,
  text: b.text,
  topics: b.topics,
  content_class: b.content_class,
  checklist: b.checklist,
  language_variants: b.language_variants,
  media_id: b.media_id,
  scheduled_at: b.scheduled_at,
  not_after: b.not_after,
});

export function BroadcastPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams();
  const id = params.id && /^\d+$/.test(params.id) ? Number(params.id) : null;
  const url = id === null ? '' : `/api/broadcasts/${id}`;
  const broadcast = useItem<Broadcast>(url, id !== null);
  const estimate = useItem<Estimate>(`${url}/estimate`, id !== null);
  const topics = useList<Topic>('/api/topics');
  const [draft, setDraft] = useState<BroadcastDraft>(EMPTY_DRAFT);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (broadcast.data) {
      setDraft(toDraft(broadcast.data));
      setDirty(false);
    }
  }, [broadcast.data]);
  const save = useWrite(() => (id === null ? { method: 'POST', url: '/api/broadcasts', body: draft } : { method: 'PUT', url, body: draft }), ['/api/broadcasts', url, `${url}/estimate`]);
  const onSave = () =>
    save.mutate(undefined, {
      onSuccess: (result) => {
        setDirty(false);
        if (id === null) navigate(`/mitteilungen/${(result as { data: Broadcast }).data.id}`, { replace: true });
      },
    });

  if (id !== null && !broadcast.data) return <Loading error={broadcast.error} />;
  if (!topics.data) return <Loading error={topics.error} />;
  const b = broadcast.data;
  const editable = !b || ['draft', 'returned'].includes(b.status);
  return (
    <>
      <PageHeader title={b ? b.title : t('broadcasts.new')} description={b ? t('broadcasts.by', { author: b.author }) : t('broadcasts.editor.intro')} actions={b && <StatusBadge status={b.status} />} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <BroadcastForm
              draft={draft}
              onChange={(next) => {
                setDraft(next);
                setDirty(true);
              }}
              topics={topics.data}
              editable={editable}
              onSave={onSave}
              saving={save.isPending}
              error={save.error}
            />
            {b && <BroadcastActions broadcast={b} dirty={dirty} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <BroadcastPreview text={draft.text} variants={draft.language_variants} estimate={estimate.data} />
            {b && b.recipients !== null ? <BroadcastFigures broadcast={b} /> : estimate.data && <BroadcastEstimate estimate={estimate.data} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
