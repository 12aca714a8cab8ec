/** /admin/users: every account, searched by part of the username or email, filtered, by pages. */
import { useState } from 'preact/hooks';

import { api, type Schemas } from '../api/client.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { ErrorAlert } from '../ui/alert.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { labelled, ROLE_LABEL } from '../ui/labels.ts';
import { applyFilters, useLoad } from '../ui/load.ts';
import { Page } from '../ui/page.tsx';
import { DataTable, Pager } from '../ui/table.tsx';

type Role = Schemas['User']['role'];
const PER_PAGE = 20;

export function UserList({ query }: PageProps) {
  const page = Math.max(1, Number(query.get('page')) || 1);
  const q = query.get('q') ?? '';
  const role = (query.get('role') ?? '') as Role | '';
  const active = (query.get('active') ?? '') as '' | 'true' | 'false';
  const deleted = (query.get('deleted') ?? 'false') as 'false' | 'true' | 'only';
  const [search, setSearch] = useState(q);
  const { data: list, problem } = useLoad(
    () =>
      api.GET('/api/v1/users', {
        params: { query: { page, perPage: PER_PAGE, deleted, ...(q && { q }), ...(role && { role }), ...(active && { active }) } },
      }),
    [page, q, role, active, deleted],
  );
  const go = (changes: Record<string, string | number>) =>
    applyFilters('/users', { q, role, active, deleted, page: String(page) }, changes, { deleted: 'false' });
  const yes = (value: boolean) => t(value ? 'filter.yes' : 'filter.no');

  return (
    <Page
      title={t('users.title')}
      actions={
        <a class="button primary" href={href('/users/new')}>
          {t('users.new')}
        </a>
      }
    >
      <form
        class="filters"
        role="search"
        aria-label={t('users.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: search.trim() });
        }}
      >
        <TextField label={t('users.search')} type="search" value={search} onValue={setSearch} />
        <SelectField
          label={t('users.role')}
          value={role}
          onValue={(value) => go({ role: value })}
          options={[{ value: '', label: t('filter.all') }, ...labelled(ROLE_LABEL)]}
        />
        <SelectField
          label={t('users.active')}
          value={active}
          onValue={(value) => go({ active: value })}
          options={[
            { value: '', label: t('filter.all') },
            { value: 'true', label: t('filter.yes') },
            { value: 'false', label: t('filter.no') },
          ]}
        />
        <SelectField
          label={t('users.deletedFilter')}
          value={deleted}
          onValue={(value) => go({ deleted: value })}
          options={[
            { value: 'false', label: t('users.deletedHidden') },
            { value: 'true', label: t('users.deletedIncluded') },
            { value: 'only', label: t('users.deletedOnly') },
          ]}
        />
        <div class="actions">
          <button type="submit">{t('filter.apply')}</button>
        </div>
      </form>
      <ErrorAlert failure={problem} />
      <DataTable<Schemas['AdminUser']>
        caption={t('users.caption')}
        loading={!list && !problem}
        rows={problem ? [] : list?.items}
        columns={[
          {
            header: t('field.username'),
            cell: (u) => (
              <>
                <a href={href(`/users/${u.id}`)}>{u.username}</a>
                {u.deletedAt && <span class="badge badge-archived"> {t('users.deletedBadge')}</span>}
              </>
            ),
          },
          { header: t('field.email'), cell: (u) => u.email },
          { header: t('users.role'), cell: (u) => t(ROLE_LABEL[u.role]) },
          { header: t('users.active'), cell: (u) => yes(u.active) },
          { header: t('users.verified'), cell: (u) => yes(u.emailVerified) },
          { header: t('users.twoFactor'), cell: (u) => yes(u.twoFactorEnabled) },
          { header: t('users.lastLogin'), cell: (u) => formatDateTime(u.lastLoginAt) },
        ]}
      />
      {list && <Pager page={page} perPage={PER_PAGE} total={list.total} onPage={(p) => go({ page: p })} />}
    </Page>
  );
}
