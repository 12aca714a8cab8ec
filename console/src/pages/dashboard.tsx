/**
 * /admin/: who is signed in; for administrators the site's figures (GET /stats), the readiness of
 * the database (latency, pool, pending migrations) and the running version.
 */
import { useEffect, useState } from 'preact/hooks';

import { api, call, type Schemas } from '../api/client.ts';
import { type Readiness, readiness, type Version, version } from '../api/health.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { user } from '../session.ts';
import { ROLE_LABEL } from '../ui/labels.ts';
import { Page, Panel } from '../ui/page.tsx';

function Figures({ rows }: { rows: [string, number | string][] }) {
  return (
    <dl class="figures">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{typeof value === 'number' ? formatNumber(value) : value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AdminPanels() {
  const [stats, setStats] = useState<Schemas['Stats'] | undefined>();
  const [ready, setReady] = useState<Readiness | undefined>();
  const [about, setAbout] = useState<Version | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    call(() => api.GET('/api/v1/stats')).then(
      ({ data }) => (data ? setStats(data) : setFailed(true)),
      () => setFailed(true),
    );
    readiness().then(setReady, () => setFailed(true));
    version().then(setAbout, () => setFailed(true));
  }, []);
  return (
    <>
      {failed && (
        <div class="alert alert-error" role="alert">
          {t('error.network')}
        </div>
      )}
      <div class="panels">
        <Panel title={t('dashboard.users')} id="users">
          {stats ? (
            <Figures
              rows={[
                [t('dashboard.usersTotal'), stats.users.total],
                [t('dashboard.usersActive'), stats.users.active],
                [t('dashboard.usersAdmins'), stats.users.admins],
                [t('dashboard.usersTwoFactor'), stats.users.twoFactor],
              ]}
            />
          ) : (
            <p>{t('app.loading')}</p>
          )}
        </Panel>
        <Panel title={t('dashboard.content')} id="content">
          {stats ? (
            <Figures
              rows={[
                [t('status.draft'), stats.content.draft],
                [t('status.published'), stats.content.published],
                [t('status.archived'), stats.content.archived],
              ]}
            />
          ) : (
            <p>{t('app.loading')}</p>
          )}
        </Panel>
        <Panel title={t('dashboard.last24h')} id="activity">
          {stats ? (
            <Figures
              rows={[
                [t('dashboard.logins'), stats.last24h.logins],
                [t('dashboard.failedLogins'), stats.last24h.failedLogins],
                [t('dashboard.messages'), stats.last24h.messages],
              ]}
            />
          ) : (
            <p>{t('app.loading')}</p>
          )}
        </Panel>
        <Panel title={t('dashboard.readiness')} id="readiness">
          {ready ? (
            <>
              <p class={`badge ${ready.status === 'ready' ? 'badge-ok' : 'badge-bad'}`}>
                {t(ready.status === 'ready' ? 'dashboard.ready' : 'dashboard.notReady')}
              </p>
              <Figures
                rows={[
                  [t('dashboard.database'), `${ready.database.type} (${ready.database.driver})`],
                  [t('dashboard.latency'), t('dashboard.ms', { value: formatNumber(ready.database.latencyMs) })],
                  ...(ready.database.pool
                    ? ([
                        [
                          t('dashboard.pool'),
                          t('dashboard.poolFigures', {
                            total: ready.database.pool.total,
                            idle: ready.database.pool.idle,
                            waiting: ready.database.pool.waiting,
                            max: ready.database.pool.max,
                          }),
                        ],
                      ] as [string, string][])
                    : []),
                  ...(ready.database.replicas ?? []).map((replica): [string, string] => [
                    t('dashboard.replica', { name: replica.name }),
                    !replica.ok
                      ? t('dashboard.replicaDown')
                      : replica.lagS === null
                        ? t('dashboard.replicaUp')
                        : t('dashboard.replicaLag', { value: formatNumber(replica.lagS) }),
                  ]),
                  [t('dashboard.pending'), ready.migrations?.pending ?? 0],
                ]}
              />
            </>
          ) : (
            <p>{t('app.loading')}</p>
          )}
        </Panel>
        <Panel title={t('dashboard.version')} id="version">
          {about ? (
            <Figures
              rows={[
                [t('dashboard.app'), `${about.name} ${about.version}`],
                [t('dashboard.node'), about.node],
              ]}
            />
          ) : (
            <p>{t('app.loading')}</p>
          )}
        </Panel>
      </div>
    </>
  );
}

export function Dashboard() {
  const me = user.value;
  if (!me) return null;
  return (
    <Page title={t('dashboard.title')}>
      <p>{t('dashboard.welcome', { name: me.username, role: t(ROLE_LABEL[me.role]) })}</p>
      {!me.twoFactorEnabled && (
        <div class="alert" role="note">
          {t('dashboard.enableTwoFactor')} <a href={href('/account')}>{t('nav.account')}</a>
        </div>
      )}
      {me.role === 'admin' && <AdminPanels />}
    </Page>
  );
}
