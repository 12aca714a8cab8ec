/** A table with a caption and column headers, and the pager every list shares. */
import type { ComponentChildren } from 'preact';

import { formatNumber, t } from '../i18n/index.ts';

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** A number column, aligned to the right. */
  numeric?: boolean;
}

export function DataTable<T extends { id: number | string }>({
  caption,
  columns,
  rows,
  loading,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  loading?: boolean;
}) {
  return (
    <div class="table-wrap">
      <table aria-busy={loading}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.header} class={c.numeric ? 'numeric' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows?.map((row) => (
            <tr key={row.id}>
              {columns.map((c) => (
                <td key={c.header} class={c.numeric ? 'numeric' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
          {rows && rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} class="empty">
                {t('table.empty')}
              </td>
            </tr>
          )}
          {!rows && (
            <tr>
              <td colSpan={columns.length} class="empty">
                {t('table.loading')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** "Page 2 of 5, 93 in all" with the previous and next buttons. */
export function Pager({ page, perPage, total, onPage }: { page: number; perPage: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return (
    <nav class="pager" aria-label={t('table.pages')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('table.previous')}
      </button>
      <span aria-live="polite">
        {t('table.pageOf', { page: formatNumber(page), pages: formatNumber(pages), total: formatNumber(total) })}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('table.next')}
      </button>
    </nav>
  );
}
