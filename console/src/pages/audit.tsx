/** /admin/audit: the audit log, newest first, with its filters, and each event's details. */
import { useState } from 'preact/hooks';

import { api, type Schemas } from '../api/client.ts';
import type { paths } from '../api/schema';
import { formatDateTime, type MessageKey, t } from '../i18n/index.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { ErrorAlert } from '../ui/alert.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { applyFilters, useLoad } from '../ui/load.ts';
import { Page } from '../ui/page.tsx';
import { DataTable, Pager } from '../ui/table.tsx';

type Query = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;
type Action = NonNullable<Query['action']>;
type Event = Schemas['AuditEvent'];
const PER_PAGE = 25;

const ACTIONS: Record<Action, MessageKey> = {
  'auth.login': 'audit.auth.login',
  'auth.login_failed': 'audit.auth.login_failed',
  'auth.lockout': 'audit.auth.lockout',
  'auth.2fa_enabled': 'audit.auth.2fa_enabled',
  'auth.2fa_disabled': 'audit.auth.2fa_disabled',
  'auth.password_reset': 'audit.auth.password_reset',
  'auth.token_reuse': 'audit.auth.token_reuse',
  'user.created': 'audit.user.created',
  'user.updated': 'audit.user.updated',
  'user.deleted': 'audit.user.deleted',
  'content.created': 'audit.content.created',
  'content.updated': 'audit.content.updated',
  'content.published': 'audit.content.published',
  'content.archived': 'audit.content.archived',
  'content.deleted': 'audit.content.deleted',
  'settings.updated': 'audit.settings.updated',
};

/** `datetime-local` values are local times; the API takes instants. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : '');
const toLocal = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function Details({ event }: { event: Event }) {
  const entries = Object.entries(event.details ?? {});
  return (
    <details>
      <summary>{t('audit.details')}</summary>
      <dl class="details">
        <div>
          <dt>{t('audit.id')}</dt>
          <dd>{event.id}</dd>
        </div>
        <div>
          <dt>{t('audit.ip')}</dt>
          <dd>{event.ip ?? '—'}</dd>
        </div>
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt>
              <code>{key}</code>
            </dt>
            <dd>
              <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export function Audit({ query }: PageProps) {
  const page = Math.max(1, Number(query.get('page')) || 1);
  const filters = {
    action: (query.get('action') ?? '') as Action | '',
    actorId: query.get('actorId') ?? '',
    targetType: query.get('targetType') ?? '',
    targetId: query.get('targetId') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  };
  const [draft, setDraft] = useState({ ...filters, from: toLocal(filters.from), to: toLocal(filters.to) });
  const { data: list, problem } = useLoad(() => {
    const params: Query = { page, perPage: PER_PAGE };
    if (filters.action) params.action = filters.action;
    if (/^\d+$/.test(filters.actorId)) params.actorId = Number(filters.actorId);
    if (filters.targetType) params.targetType = filters.targetType;
    if (filters.targetId) params.targetId = filters.targetId;
    if (filters.from) params.from = filters.from;
    if (filters.to) params.to = filters.to;
    return api.GET('/api/v1/audit', { params: { query: params } });
  }, [query.toString()]);

  return (
    <Page title={t('audit.title')}>
      <form
        class="filters"
        role="search"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          applyFilters('/audit', {}, { ...draft, from: toInstant(draft.from), to: toInstant(draft.to) });
        }}
      >
        <SelectField
          label={t('audit.action')}
          value={draft.action}
          onValue={(action) => setDraft({ ...draft, action })}
          options={[
            { value: '', label: t('filter.all') },
            ...(Object.keys(ACTIONS) as Action[]).map((a) => ({ value: a, label: t(ACTIONS[a]) })),
          ]}
        />
        <TextField
          label={t('audit.actor')}
          inputMode="numeric"
          value={draft.actorId}
          onValue={(actorId) => setDraft({ ...draft, actorId })}
        />
        <TextField label={t('audit.targetType')} value={draft.targetType} onValue={(targetType) => setDraft({ ...draft, targetType })} />
        <TextField label={t('audit.targetId')} value={draft.targetId} onValue={(targetId) => setDraft({ ...draft, targetId })} />
        <TextField label={t('audit.from')} type="datetime-local" value={draft.from} onValue={(from) => setDraft({ ...draft, from })} />
        <TextField label={t('audit.to')} type="datetime-local" value={draft.to} onValue={(to) => setDraft({ ...draft, to })} />
        <div class="actions">
          <button type="submit">{t('filter.apply')}</button>
        </div>
      </form>
      <ErrorAlert failure={problem} />
      <DataTable<Event>
        caption={t('audit.caption')}
        loading={!list && !problem}
        rows={problem ? [] : list?.items}
        columns={[
          { header: t('audit.at'), cell: (e) => formatDateTime(e.at) },
          { header: t('audit.action'), cell: (e) => (e.action in ACTIONS ? t(ACTIONS[e.action as Action]) : e.action) },
          { header: t('audit.actor'), cell: (e) => (e.actorId ? <a href={href(`/users/${e.actorId}`)}>#{e.actorId}</a> : '—') },
          { header: t('audit.target'), cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—') },
          { header: t('audit.details'), cell: (e) => <Details event={e} /> },
        ]}
      />
      {list && <Pager page={page} perPage={PER_PAGE} total={list.total} onPage={(p) => applyFilters('/audit', filters, { page: p })} />}
    </Page>
  );
}
