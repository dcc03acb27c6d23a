/**
 * What may happen next: submit, approve or return (with a comment; not one's own — the server
 * says so), send now or at the time set, cancel. Only the actions the status allows and the role
 * holds are offered.
 */
import { Alert, Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useWrite } from '../../api/hooks.js';
import type { Broadcast } from '../../api/types.js';
import { EditModal } from '../../components/EditModal.js';
import { FormError } from '../../components/FormError.js';
import { useApiErrors } from '../../lib/errors.js';
import { formatDateTime } from '../../lib/format.js';

export function BroadcastActions({ broadcast, dirty }: { broadcast: Broadcast; dirty: boolean }) {
  const { t } = useTranslation();
  const can = useCan();
  const errors = useApiErrors();
  const url = `/api/broadcasts/${broadcast.id}`;
  const refresh = [url, `${url}/estimate`, '/api/broadcasts'];
  const act = useWrite((action: string) => ({ method: 'POST', url: `${url}/${action}`, body: {} }), refresh);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const giveBack = useWrite(() => ({ method: 'POST', url: `${url}/return`, body: { comment } }), refresh);
  const allowed = broadcast.allowed_actions;
  const approver = can('broadcasts.approve');
  const canSend = broadcast.status === 'approved' || (broadcast.urgent && approver && ['draft', 'returned'].includes(broadcast.status));
  const sendLabel = broadcast.scheduled_at ? t('broadcasts.actions.schedule', { when: formatDateTime(broadcast.scheduled_at) }) : t('broadcasts.actions.send');

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="actions-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="actions-heading">
          {t('broadcasts.actions.heading')}
        </Title>
        {broadcast.return_comment && broadcast.status === 'returned' && (
          <Alert color="yellow" variant="light" title={t('broadcasts.actions.returned_title', { who: broadcast.decided_by ?? '–' })} styles={{ title: { color: '#4a3000' }, message: { color: '#1a1b1e' } }}>
            {broadcast.return_comment}
          </Alert>
        )}
        {dirty && <Alert color="gray" variant="light" styles={{ message: { color: '#1a1b1e' } }}>{t('broadcasts.actions.save_first')}</Alert>}
        <FormError message={act.error ? errors.message(act.error) : undefined} />
        <Group>
          {allowed.includes('submit') && !canSend && (
            <Button onClick={() => act.mutate('submit')} loading={act.isPending} disabled={dirty}>
              {t('broadcasts.actions.submit')}
            </Button>
          )}
          {allowed.includes('approve') && approver && (
            <>
              <Button onClick={() => act.mutate('approve')} loading={act.isPending}>
                {t('broadcasts.actions.approve')}
              </Button>
              <Button variant="default" onClick={() => setReturning(true)}>
                {t('broadcasts.actions.return')}
              </Button>
            </>
          )}
          {canSend && (
            <Button color="teal.9" onClick={() => act.mutate('send')} loading={act.isPending} disabled={dirty}>
              {sendLabel}
            </Button>
          )}
          {allowed.includes('cancel') && (
            <Button color="red.9" variant="outline" onClick={() => act.mutate('cancel')} loading={act.isPending}>
              {t('broadcasts.actions.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
      {returning && (
        <EditModal
          opened
          title={t('broadcasts.actions.return_title')}
          onClose={() => setReturning(false)}
          onSubmit={() => giveBack.mutate(undefined, { onSuccess: () => setReturning(false) })}
          busy={giveBack.isPending}
          error={errors.general(giveBack.error, ['comment'])}
          submitLabel={t('broadcasts.actions.return')}
        >
          <Textarea label={t('broadcasts.actions.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} error={errors.field(giveBack.error, 'comment')} required autosize minRows={3} data-autofocus />
        </EditModal>
      )}
    </Paper>
  );
}
