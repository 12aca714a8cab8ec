/** /admin/messages: what people sent through the contact form, newest first, and whether it was mailed. */
import { api, type Schemas } from '../api/client.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import type { PageProps } from '../routes.ts';
import { ErrorAlert } from '../ui/alert.tsx';
import { applyFilters, useLoad } from '../ui/load.ts';
import { Page } from '../ui/page.tsx';
import { DataTable, Pager } from '../ui/table.tsx';

const PER_PAGE = 20;

export function Messages({ query }: PageProps) {
  const page = Math.max(1, Number(query.get('page')) || 1);
  const { data: list, problem } = useLoad(
    () => api.GET('/api/v1/contact/messages', { params: { query: { page, perPage: PER_PAGE } } }),
    [page],
  );
  return (
    <Page title={t('messages.title')}>
      <ErrorAlert failure={problem} />
      <DataTable<Schemas['ContactMessage']>
        caption={t('messages.caption')}
        loading={!list && !problem}
        rows={problem ? [] : list?.items}
        columns={[
          { header: t('messages.received'), cell: (m) => formatDateTime(m.createdAt) },
          {
            header: t('messages.from'),
            cell: (m) => (
              <>
                {m.name} <a href={`mailto:${m.email}`}>{m.email}</a>
              </>
            ),
          },
          {
            header: t('messages.message'),
            cell: (m) => (
              <details>
                <summary>{m.message.length > 80 ? `${m.message.slice(0, 80)}…` : m.message}</summary>
                <p class="message">{m.message}</p>
              </details>
            ),
          },
          { header: t('messages.mailed'), cell: (m) => (m.mailedAt ? formatDateTime(m.mailedAt) : t('messages.notMailed')) },
        ]}
      />
      {list && <Pager page={page} perPage={PER_PAGE} total={list.total} onPage={(p) => applyFilters('/messages', {}, { page: p })} />}
    </Page>
  );
}
