/** Choose a person (or none): a native select, labelled, for contact person, deputy and head. */
import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/types.js';

export function UserSelect({
  label,
  users,
  value,
  onChange,
  error,
  noneLabel,
  disabled,
}: {
  label: string;
  users: User[];
  value: number | null;
  onChange: (id: number | null) => void;
  error?: string;
  noneLabel?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const data = [{ value: '', label: noneLabel ?? t('common.nobody') }, ...users.filter((u) => u.active || u.id === value).map((u) => ({ value: String(u.id), label: `${u.name} (${u.email})` }))];
  return (
    <NativeSelect
      label={label}
      data={data}
      value={value === null ? '' : String(value)}
      onChange={(event) => onChange(event.currentTarget.value === '' ? null : Number(event.currentTarget.value))}
      error={error}
      disabled={disabled}
    />
  );
}
