/** Departments: name, e-mail, head, contact person and deputy (the default for their categories). */
import { Button, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useList, useWrite } from '../../api/hooks.js';
import type { Department, User } from '../../api/types.js';
import { DataTable, EditButton } from '../../components/DataTable.js';
import { EditModal } from '../../components/EditModal.js';
import { Loading } from '../../components/Loading.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UserSelect } from '../../components/UserSelect.js';
import { YesNo } from '../../components/YesNo.js';
import { useEditor } from '../../lib/editor.js';
import { useApiErrors } from '../../lib/errors.js';

export function DepartmentsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const departments = useList<Department>('/api/departments');
  const users = useList<User>('/api/users');
  const editor = useEditor<Department>();
  const writable = can('settings.write');
  const userName = (id: number | null) => (id === null ? '–' : (users.data?.find((u) => u.id === id)?.name ?? '–'));

  return (
    <>
      <PageHeader title={t('departments.title')} description={t('departments.intro')} actions={writable && <Button onClick={editor.openNew}>{t('departments.new')}</Button>} />
      {!departments.data || !users.data ? (
        <Loading error={departments.error ?? users.error} />
      ) : (
        <DataTable
          caption={t('departments.caption')}
          rows={departments.data}
          rowKey={(d) => d.id}
          minWidth={800}
          columns={[
            { header: t('departments.col.name'), cell: (d) => d.name },
            { header: t('departments.col.head'), cell: (d) => userName(d.head_user_id) },
            { header: t('departments.col.contact'), cell: (d) => userName(d.contact_user_id) },
            { header: t('departments.col.deputy'), cell: (d) => userName(d.deputy_user_id) },
            { header: t('departments.col.email'), cell: (d) => d.email ?? '–' },
            { header: t('departments.col.active'), cell: (d) => <YesNo value={d.active} /> },
          ]}
          actions={writable ? (d) => <EditButton name={d.name} onClick={() => editor.openEdit(d)} /> : undefined}
        />
      )}
      {editor.opened && users.data && <DepartmentForm department={editor.editing} users={users.data} onClose={editor.close} />}
    </>
  );
}

function DepartmentForm({ department, users, onClose }: { department: Department | null; users: User[]; onClose: () => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [form, setForm] = useState({
    key: department?.key ?? '',
    name: department?.name ?? '',
    email: department?.email ?? '',
    head_user_id: department?.head_user_id ?? null,
    contact_user_id: department?.contact_user_id ?? null,
    deputy_user_id: department?.deputy_user_id ?? null,
    active: department?.active ?? true,
  });
  const save = useWrite(
    () => {
      const { key, ...rest } = form;
      const body = { ...rest, email: form.email.trim() === '' ? null : form.email };
      return department ? { method: 'PATCH', url: `/api/departments/${department.id}`, body } : { method: 'POST', url: '/api/departments', body: { ...body, key } };
    },
    ['/api/departments'],
  );
  const fields = ['key', 'name', 'email', 'head_user_id', 'contact_user_id', 'deputy_user_id', 'active'];
  return (
    <EditModal
      opened
      title={department ? t('departments.edit', { name: department.name }) : t('departments.new')}
      onClose={onClose}
      onSubmit={() => save.mutate(undefined, { onSuccess: onClose })}
      busy={save.isPending}
      error={errors.general(save.error, fields)}
    >
      <TextInput label={t('departments.key')} description={t('common.key_hint')} value={form.key} onChange={(e) => setForm({ ...form, key: e.currentTarget.value })} readOnly={department !== null} error={errors.field(save.error, 'key')} withAsterisk={department === null} data-autofocus />
      <TextInput label={t('departments.name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.field(save.error, 'name')} withAsterisk />
      <TextInput label={t('departments.email')} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={errors.field(save.error, 'email')} />
      <UserSelect label={t('departments.head')} users={users} value={form.head_user_id} onChange={(id) => setForm({ ...form, head_user_id: id })} error={errors.field(save.error, 'head_user_id')} />
      <UserSelect label={t('departments.contact')} users={users} value={form.contact_user_id} onChange={(id) => setForm({ ...form, contact_user_id: id })} error={errors.field(save.error, 'contact_user_id')} />
      <UserSelect label={t('departments.deputy')} users={users} value={form.deputy_user_id} onChange={(id) => setForm({ ...form, deputy_user_id: id })} error={errors.field(save.error, 'deputy_user_id')} />
      <Switch label={t('departments.active')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
    </EditModal>
  );
}
