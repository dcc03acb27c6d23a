/** Staff accounts: roles, departments, language, absence, active; create (password generated or given), new password. */
import { Badge, Button, Checkbox, Group, NativeSelect, PasswordInput, Stack, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useList, useWrite } from '../../api/hooks.js';
import { USER_ROLES, type Department, type User, type UserRole } from '../../api/types.js';
import { DataTable, EditButton } from '../../components/DataTable.js';
import { EditModal } from '../../components/EditModal.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { SecretNotice } from '../../components/SecretNotice.js';
import { YesNo } from '../../components/YesNo.js';
import { useEditor } from '../../lib/editor.js';
import { useApiErrors } from '../../lib/errors.js';
import { formatDate } from '../../lib/format.js';

export function UsersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const users = useList<User>('/api/users');
  const departments = useList<Department>('/api/departments');
  const editor = useEditor<User>();
  const [secret, setSecret] = useState<{ name: string; password: string } | null>(null);
  const writable = can('settings.write');
  const reset = useWrite((user: User) => ({ method: 'POST', url: `/api/users/${user.id}/password`, body: {} }), ['/api/users']);
  const deptNames = (ids: number[]) => ids.map((id) => departments.data?.find((d) => d.id === id)?.name ?? id).join(', ') || '–';

  return (
    <>
      <PageHeader title={t('users.title')} description={t('users.intro')} actions={writable && <Button onClick={editor.openNew}>{t('users.new')}</Button>} />
      {secret && <SecretNotice title={t('users.password_for', { name: secret.name })} secret={secret.password} onDone={() => setSecret(null)} />}
      {!users.data || !departments.data ? (
        <Loading error={users.error ?? departments.error} />
      ) : (
        <DataTable
          caption={t('users.caption')}
          rows={users.data}
          rowKey={(u) => u.id}
          minWidth={900}
          columns={[
            { header: t('users.col.name'), cell: (u) => u.name },
            { header: t('users.col.email'), cell: (u) => u.email },
            {
              header: t('users.col.roles'),
              cell: (u) => (
                <Group gap={4}>
                  {u.roles.map((r) => (
                    <Badge key={r} color="gray.8" variant="outline">
                      {t(`roles.${r}`)}
                    </Badge>
                  ))}
                </Group>
              ),
            },
            { header: t('users.col.departments'), cell: (u) => deptNames(u.department_ids) },
            { header: t('users.col.absence'), cell: (u) => (u.absent_from ? `${formatDate(u.absent_from)} – ${formatDate(u.absent_until)}` : '–') },
            { header: t('users.col.active'), cell: (u) => <YesNo value={u.active} /> },
          ]}
          actions={
            writable
              ? (u) => (
                  <Group gap={4} wrap="nowrap">
                    <EditButton name={u.name} onClick={() => editor.openEdit(u)} />
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('users.reset_named', { name: u.name })}
                      onClick={() => {
                        if (window.confirm(t('users.reset_confirm', { name: u.name }))) {
                          reset.mutate(u, { onSuccess: (r) => setSecret({ name: u.name, password: (r as { data: { password: string } }).data.password }) });
                        }
                      }}
                    >
                      {t('users.reset')}
                    </Button>
                  </Group>
                )
              : undefined
          }
        />
      )}
      {editor.opened && departments.data && (
        <UserForm
          user={editor.editing}
          departments={departments.data}
          onClose={editor.close}
          onCreated={(name, password) => {
            if (password) setSecret({ name, password });
          }}
        />
      )}
    </>
  );
}

function UserForm({ user, departments, onClose, onCreated }: { user: User | null; departments: Department[]; onClose: () => void; onCreated: (name: string, password?: string) => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [form, setForm] = useState({
    email: user?.email ?? '',
    name: user?.name ?? '',
    roles: (user?.roles ?? []) as UserRole[],
    department_ids: user?.department_ids ?? [],
    language: user?.language ?? 'de',
    active: user?.active ?? true,
    absent_from: user?.absent_from ?? '',
    absent_until: user?.absent_until ?? '',
    password: '',
  });
  const save = useWrite(
    () => {
      if (user) {
        const { password: _password, ...rest } = form;
        return { method: 'PATCH', url: `/api/users/${user.id}`, body: { ...rest, absent_from: form.absent_from || null, absent_until: form.absent_until || null } };
      }
      const { active: _a, absent_from: _f, absent_until: _u, password, ...rest } = form;
      return { method: 'POST', url: '/api/users', body: { ...rest, ...(password ? { password } : {}) } };
    },
    ['/api/users'],
  );
  const fields = ['email', 'name', 'roles', 'department_ids', 'language', 'active', 'absent_from', 'absent_until', 'password'];
  const handleSubmit = () =>
    save.mutate(undefined, {
      onSuccess: (result) => {
        onCreated(form.name, (result as { password?: string }).password);
        onClose();
      },
    });
  return (
    <EditModal opened title={user ? t('users.edit', { name: user.name }) : t('users.new')} onClose={onClose} onSubmit={handleSubmit} busy={save.isPending} error={errors.general(save.error, fields)}>
      <TextInput label={t('users.email')} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={errors.field(save.error, 'email')} withAsterisk data-autofocus />
      <TextInput label={t('users.name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.field(save.error, 'name')} withAsterisk />
      <Checkbox.Group label={t('users.roles')} value={form.roles} onChange={(roles) => setForm({ ...form, roles: roles as UserRole[] })} error={errors.field(save.error, 'roles')} withAsterisk>
        <Stack gap={6} mt={6}>
          {USER_ROLES.map((role) => (
            <Checkbox key={role} value={role} label={t(`roles.${role}`)} description={t(`roles_help.${role}`)} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Checkbox.Group
        label={t('users.departments')}
        value={form.department_ids.map(String)}
        onChange={(ids) => setForm({ ...form, department_ids: ids.map(Number) })}
        error={errors.field(save.error, 'department_ids')}
      >
        <Stack gap={6} mt={6}>
          {departments.map((d) => (
            <Checkbox key={d.id} value={String(d.id)} label={d.name} />
          ))}
        </Stack>
      </Checkbox.Group>
      <NativeSelect
        label={t('users.language')}
        data={[
          { value: 'de', label: t('languages.de') },
          { value: 'en', label: t('languages.en') },
        ]}
        value={form.language}
        onChange={(e) => setForm({ ...form, language: e.currentTarget.value as 'de' | 'en' })}
      />
      {user ? (
        <>
          <Group grow>
            <TextInput type="date" label={t('users.absent_from')} value={form.absent_from} onChange={(e) => setForm({ ...form, absent_from: e.currentTarget.value })} error={errors.field(save.error, 'absent_from')} />
            <TextInput type="date" label={t('users.absent_until')} value={form.absent_until} onChange={(e) => setForm({ ...form, absent_until: e.currentTarget.value })} error={errors.field(save.error, 'absent_until')} />
          </Group>
          <Switch label={t('users.active')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
        </>
      ) : (
        <PasswordInput
          label={t('users.password')}
          description={t('users.password_hint')}
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
          error={errors.field(save.error, 'password')}
          visibilityToggleButtonProps={{ 'aria-label': t('login.show_password') }}
        />
      )}
    </EditModal>
  );
}
