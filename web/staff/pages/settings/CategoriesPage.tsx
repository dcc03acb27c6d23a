/** Report categories: names in de/en/nl, department, contact person and deputy, deadline in working days. */
import { Button, NativeSelect, NumberInput, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useList, useWrite } from '../../api/hooks.js';
import type { Category, Department, Localized, User } from '../../api/types.js';
import { DataTable, EditButton } from '../../components/DataTable.js';
import { EditModal } from '../../components/EditModal.js';
import { Loading } from '../../components/Loading.js';
import { LocalizedInputs } from '../../components/LocalizedInputs.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UserSelect } from '../../components/UserSelect.js';
import { YesNo } from '../../components/YesNo.js';
import { useEditor } from '../../lib/editor.js';
import { useApiErrors } from '../../lib/errors.js';

const EMPTY: Localized = { de: '', en: '', nl: '' };

export function CategoriesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const categories = useList<Category>('/api/categories');
  const departments = useList<Department>('/api/departments');
  const users = useList<User>('/api/users');
  const editor = useEditor<Category>();
  const writable = can('settings.write');
  const deptName = (id: number) => departments.data?.find((d) => d.id === id)?.name ?? '–';
  const userName = (id: number | null) => (id === null ? t('categories.from_department') : (users.data?.find((u) => u.id === id)?.name ?? '–'));

  return (
    <>
      <PageHeader title={t('categories.title')} description={t('categories.intro')} actions={writable && <Button onClick={editor.openNew}>{t('categories.new')}</Button>} />
      {!categories.data || !departments.data || !users.data ? (
        <Loading error={categories.error ?? departments.error ?? users.error} />
      ) : (
        <DataTable
          caption={t('categories.caption')}
          rows={categories.data}
          rowKey={(c) => c.id}
          minWidth={800}
          columns={[
            { header: t('categories.col.name'), cell: (c) => c.names.de },
            { header: t('categories.col.department'), cell: (c) => deptName(c.department_id) },
            { header: t('categories.col.contact'), cell: (c) => userName(c.contact_user_id) },
            { header: t('categories.col.deputy'), cell: (c) => userName(c.deputy_user_id) },
            { header: t('categories.col.deadline'), cell: (c) => t('categories.days', { count: c.deadline_days }) },
            { header: t('categories.col.active'), cell: (c) => <YesNo value={c.active} /> },
          ]}
          actions={writable ? (c) => <EditButton name={c.names.de} onClick={() => editor.openEdit(c)} /> : undefined}
        />
      )}
      {editor.opened && departments.data && users.data && <CategoryForm category={editor.editing} departments={departments.data} users={users.data} onClose={editor.close} />}
    </>
  );
}

function CategoryForm({ category, departments, users, onClose }: { category: Category | null; departments: Department[]; users: User[]; onClose: () => void }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [form, setForm] = useState({
    key: category?.key ?? '',
    names: category?.names ?? EMPTY,
    department_id: category?.department_id ?? departments[0]?.id ?? 0,
    contact_user_id: category?.contact_user_id ?? null,
    deputy_user_id: category?.deputy_user_id ?? null,
    deadline_days: category?.deadline_days ?? (10 as number | ''),
    active: category?.active ?? true,
  });
  const save = useWrite(
    () => {
      const { key, ...rest } = form;
      const body = { ...rest, deadline_days: form.deadline_days === '' ? null : form.deadline_days };
      return category ? { method: 'PATCH', url: `/api/categories/${category.id}`, body } : { method: 'POST', url: '/api/categories', body: { ...body, key } };
    },
    ['/api/categories'],
  );
  const fields = ['key', 'names', 'department_id', 'contact_user_id', 'deputy_user_id', 'deadline_days', 'active'];
  return (
    <EditModal
      opened
      title={category ? t('categories.edit', { name: category.names.de }) : t('categories.new')}
      onClose={onClose}
      onSubmit={() => save.mutate(undefined, { onSuccess: onClose })}
      busy={save.isPending}
      error={errors.general(save.error, fields)}
    >
      <TextInput
        label={t('categories.key')}
        description={t('common.key_hint')}
        value={form.key}
        onChange={(e) => setForm({ ...form, key: e.currentTarget.value })}
        readOnly={category !== null}
        error={errors.field(save.error, 'key')}
        withAsterisk={category === null}
        data-autofocus
      />
      <LocalizedInputs label={t('categories.name')} value={form.names} onChange={(names) => setForm({ ...form, names })} error={(lang) => errors.field(save.error, `names.${lang}`)} />
      <NativeSelect
        label={t('categories.department')}
        data={departments.map((d) => ({ value: String(d.id), label: d.name }))}
        value={String(form.department_id)}
        onChange={(e) => setForm({ ...form, department_id: Number(e.currentTarget.value) })}
        error={errors.field(save.error, 'department_id')}
        withAsterisk
      />
      <UserSelect label={t('categories.contact')} users={users} value={form.contact_user_id} onChange={(id) => setForm({ ...form, contact_user_id: id })} noneLabel={t('categories.from_department')} error={errors.field(save.error, 'contact_user_id')} />
      <UserSelect label={t('categories.deputy')} users={users} value={form.deputy_user_id} onChange={(id) => setForm({ ...form, deputy_user_id: id })} noneLabel={t('categories.from_department')} error={errors.field(save.error, 'deputy_user_id')} />
      <NumberInput
        label={t('categories.deadline')}
        description={t('categories.deadline_hint')}
        value={form.deadline_days}
        onChange={(v) => setForm({ ...form, deadline_days: typeof v === 'number' ? v : '' })}
        min={1}
        max={365}
        allowDecimal={false}
        error={errors.field(save.error, 'deadline_days')}
        withAsterisk
      />
      <Switch label={t('categories.active')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
    </EditModal>
  );
}
