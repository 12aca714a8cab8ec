/** /admin/content: every item (editors and admins see all statuses), with filters, title search and pages. */
import { useState } from 'preact/hooks';

import { api, type Schemas } from '../api/client.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { ErrorAlert } from '../ui/alert.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { labelled, STATUS_LABEL, TYPE_LABEL } from '../ui/labels.ts';
import { applyFilters, useLoad } from '../ui/load.ts';
import { Page } from '../ui/page.tsx';
import { DataTable, Pager } from '../ui/table.tsx';

type Status = Schemas['Content']['status'];
type Kind = Schemas['Content']['type'];
const PER_PAGE = 20;

export function ContentList({ query }: PageProps) {
  const page = Math.max(1, Number(query.get('page')) || 1);
  const status = (query.get('status') ?? '') as Status | '';
  const type = (query.get('type') ?? '') as Kind | '';
  const q = query.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const { data: list, problem } = useLoad(
    () =>
      api.GET('/api/v1/content', {
        params: { query: { page, perPage: PER_PAGE, ...(status && { status }), ...(type && { type }), ...(q && { q }) } },
      }),
    [page, status, type, q],
  );
  const go = (changes: Record<string, string | number>) => applyFilters('/content', { q, status, type, page: String(page) }, changes);

  return (
    <Page
      title={t('content.title')}
      actions={
        <a class="button primary" href={href('/content/new')}>
          {t('content.new')}
        </a>
      }
    >
      <form
        class="filters"
        role="search"
        aria-label={t('content.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: search.trim() });
        }}
      >
        <TextField label={t('content.search')} type="search" value={search} onValue={setSearch} />
        <SelectField
          label={t('content.status')}
          value={status}
          onValue={(value) => go({ status: value })}
          options={[{ value: '', label: t('filter.all') }, ...labelled(STATUS_LABEL)]}
        />
        <SelectField
          label={t('content.type')}
          value={type}
          onValue={(value) => go({ type: value })}
          options={[{ value: '', label: t('filter.all') }, ...labelled(TYPE_LABEL)]}
        />
        <div class="actions">
          <button type="submit">{t('filter.apply')}</button>
        </div>
      </form>
      <ErrorAlert failure={problem} />
      <DataTable<Schemas['ContentSummary']>
        caption={t('content.caption')}
        loading={!list && !problem}
        rows={problem ? [] : list?.items}
        columns={[
          { header: t('content.itemTitle'), cell: (c) => <a href={href(`/content/${c.id}`)}>{c.title}</a> },
          { header: t('content.status'), cell: (c) => <span class={`badge badge-${c.status}`}>{t(STATUS_LABEL[c.status])}</span> },
          { header: t('content.type'), cell: (c) => t(TYPE_LABEL[c.type]) },
          { header: t('content.slug'), cell: (c) => <code>{c.slug}</code> },
          { header: t('content.updated'), cell: (c) => formatDateTime(c.updatedAt) },
        ]}
      />
      {list && <Pager page={page} perPage={PER_PAGE} total={list.total} onPage={(p) => go({ page: p })} />}
    </Page>
  );
}
