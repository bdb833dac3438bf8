// A data table that scrolls sideways on narrow screens. Rows carry data-testid="row-<key>".
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  key: string;
  header: ComponentChildren;
  render: (row: T) => ComponentChildren;
  align?: 'start' | 'end' | 'center';
  /** Hidden on phones (≤ 640px) to keep the table readable. */
  hideOnPhone?: boolean;
}

export interface TableProps<T> {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  caption?: ComponentChildren;
  testid?: string;
  onRowClick?: (row: T) => void;
  /** Extra class per row (a selected or failed row). */
  rowClass?: (row: T) => string | undefined;
}

export function Table<T>({ columns, rows, rowKey, caption, testid, onRowClick, rowClass }: TableProps<T>) {
  const cellClass = (column: Column<T>) =>
    [column.align ? `align-${column.align}` : '', column.hideOnPhone ? 'hide-phone' : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="table-wrap">
      <table class="table" data-testid={testid}>
        {caption ? <caption class="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" class={cellClass(column)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = rowKey(row);
            return (
              <tr
                key={key}
                data-testid={`row-${key}`}
                class={[onRowClick ? 'row-clickable' : '', rowClass?.(row) ?? ''].filter(Boolean).join(' ') || undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((column) => (
                  <td key={column.key} class={cellClass(column)}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
