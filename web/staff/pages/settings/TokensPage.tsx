/** API tokens for the town's CMS and scripts: scoped to one role, shown once, revocable. */
import { Button, NativeSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useList, useWrite } from '../../api/hooks.js';
import { ROLES, type ApiToken, type Role } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { EditModal } from '../../components/EditModal.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { SecretNotice } from '../../components/SecretNotice.js';
import { useEditor } from '../../lib/editor.js';
import { useApiErrors } from '../../lib/errors.js';
import { formatDateTime } from '../../lib/format.js';

export function TokensPage() {
  const { t } = useTranslation();
  const can = useCan();
  const tokens = useList<ApiToken>('/api/tokens');
  const editor = useEditor<ApiToken>();
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const writable = can('settings.write');
  const revoke = useWrite((token: ApiToken) => ({ method: 'DELETE', url: `/api/tokens/${token.id}` }), ['/api/tokens']);

  return (
    <>
      <PageHeader title={t('tokens.title')} description={t('tokens.intro')} actions={writable && <Button onClick={editor.openNew}>{t('tokens.new')}</Button>} />
      {secret && <SecretNotice title={t('tokens.created', { name: secret.name })} secret={secret.token} onDone={() => setSecret(null)} />}
      {!tokens.data ? (
        <Loading error={tokens.error} />
      ) : tokens.data.length === 0 ? (
        <p>{t('tokens.empty')}</p>
      ) : (
        <DataTable
          caption={t('tokens.caption')}
          rows={tokens.data}
          rowKey={(token) => token.id}
          minWidth={800}
          columns={[
            { header: t('tokens.col.name'), cell: (token) => token.name },
            { header: t('tokens.col.role'), cell: (token) => t(`roles.${token.role}`) },
            { header: t('tokens.col.prefix'), cell: (token) => <code>{token.prefix}…</code> },
            { header: t('tokens.col.created'), cell: (token) => formatDateTime(token.created_at) },
            { header: t('tokens.col.last_used'), cell: (token) => formatDateTime(token.last_used_at) },
            { header: t('tokens.col.status'), cell: (token) => (token.revoked_at ? t('tokens.revoked_at', { at: formatDateTime(token.revoked_at) }) : t('tokens.valid')) },
          ]}
          actions={
            writable
              ? (token) =>
                  !token.revoked_at && (
                    <Button
                      size="xs"
                      color="red.9"
                      variant="outline"
                      aria-label={t('tokens.revoke_named', { name: token.name })}
                      onClick={() => {
                        if (window.confirm(t('tokens.revoke_confirm', { name: token.name }))) revoke.mutate(token);
                      }}
                    >
                      {t('tokens.revoke')}
                    </Button>
                  )
              : undefined
          }
        />
      )}
      {editor.opened && <TokenForm onClose={editor.close} onCreated={(name, token) => setSecret({ name, token })} />}
    </>
  );
}

function TokenForm({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string, token: string) => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('integration');
  const save = useWrite(() => ({ method: 'POST', url: '/api/tokens', body: { name, role } }), ['/api/tokens']);
  return (
    <EditModal
      opened
      title={t('tokens.new')}
      onClose={onClose}
      onSubmit={() =>
        save.mutate(undefined, {
          onSuccess: (result) => {
            onCreated(name, (result as { data: { token: string } }).data.token);
            onClose();
          },
        })
      }
      busy={save.isPending}
      error={errors.general(save.error, ['name', 'role'])}
      submitLabel={t('tokens.create')}
    >
      <TextInput label={t('tokens.name')} description={t('tokens.name_hint')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.field(save.error, 'name')} withAsterisk data-autofocus />
      <NativeSelect label={t('tokens.role')} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)} error={errors.field(save.error, 'role')} />
    </EditModal>
  );
}
