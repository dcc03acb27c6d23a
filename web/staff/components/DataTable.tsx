/**
 * The staff app's list table: a striped table with a caption, one column header (scope="col") per
 * column and one row per item; an "Aktionen" column when `actions` is given (pass it only when the
 * person may write). With `minWidth` it scrolls sideways on narrow screens instead of squeezing.
 */
import { Button, Table } from '@mantine/core';
import type { Key, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

export interface DataTableProps<T> {
  caption: string;
  rows: readonly T[];
  rowKey: (row: T, index: number) => Key;
  columns: readonly Column<T>[];
  minWidth?: number;
  actions?: (row: T) => ReactNode;
}

export function DataTable<T>({ caption, rows, rowKey, columns, minWidth, actions }: DataTableProps<T>) {
  const { t } = useTranslation();
  const table = (
    <Table striped>
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, i) => (
            <Table.Th key={i} scope="col">
              {column.header}
            </Table.Th>
          ))}
          {actions && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, index) => (
          <Table.Tr key={rowKey(row, index)}>
            {columns.map((column, i) => (
              <Table.Td key={i}>{column.cell(row)}</Table.Td>
            ))}
            {actions && <Table.Td>{actions(row)}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? table : <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>;
}

/** A row's edit button; its accessible name says which item it edits ("Abfall bearbeiten"). */
export function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button size="xs" variant="default" onClick={onClick} aria-label={t('common.edit_named', { name })}>
      {t('common.edit')}
    </Button>
  );
}
