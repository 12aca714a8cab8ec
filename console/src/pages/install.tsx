/**
 * /admin/install: shown instead of every page while no administrator exists. The server's report
 * in words; without SETUP_TOKEN, how to set it on this host; with it, the steps: prepare the
 * database, an optional mail test, then the site's name and address (offered from this browser's
 * address, confirmed by the person) with the first administrator. Then on to sign in.
 */
import { useEffect, useState } from 'preact/hooks';

import { api, API_ROOT, type Schemas } from '../api/client.ts';
import { type Failure, failure, networkFailure } from '../api/problem.ts';
import { language, type MessageKey, t } from '../i18n/index.ts';
import { installed } from '../install.ts';
import { loadSite } from '../site.ts';
import { Loading } from '../ui/alert.tsx';
import { Switch, TextField } from '../ui/field.tsx';
import { Form, type Rule, rules, useForm } from '../ui/form.tsx';
import { Page, Panel } from '../ui/page.tsx';
import { NewPasswordFields } from '../ui/password.tsx';
import { notify } from '../ui/toasts.tsx';

type Report = NonNullable<Schemas['SetupStatus']['report']>;

/** What the setup steps' refusals mean on this page. */
const OWN_WORDS = { 403: 'install.wrongToken', 409: 'install.alreadyDone' } satisfies Partial<Record<number, MessageKey>>;

/** After a refusal because an administrator exists (another tab, a colleague): on to sign in. */
function checkDone(response: Response): void {
  if (response.status === 409) installed.value = true;
}

export function Install() {
  const [report, setReport] = useState<Report | undefined>();
  const [loadFailure, setLoadFailure] = useState<Failure | undefined>();
  const [token, setToken] = useState('');

  const load = async () => {
    try {
      const { data, response } = await api.GET('/api/v1/setup');
      if (!data) return setLoadFailure(failure(response, undefined));
      if (data.installed) installed.value = true;
      else setReport(data.report);
      setLoadFailure(undefined);
    } catch {
      setLoadFailure(networkFailure());
    }
  };
  useEffect(() => void load(), []);

  if (!report) return <Page title={t('install.title')}>{<Loading failure={loadFailure} />}</Page>;
  const pending = report.database.pendingMigrations;
  return (
    <Page title={t('install.title')}>
      <p>{t('install.intro')}</p>
      <ReportPanel report={report} />
      {!report.setupToken ? (
        <HowToSetToken target={report.target} onRecheck={load} />
      ) : (
        <>
          <Panel title={t('install.token')} id="install-token">
            <p>{t('install.tokenSet')}</p>
            <TextField
              label={t('install.tokenField')}
              hint={t('install.tokenHint')}
              type="password"
              autoComplete="off"
              required
              value={token}
              onValue={setToken}
            />
          </Panel>
          {pending.length > 0 ? (
            <MigrateStep token={token} count={pending.length} onDone={load} />
          ) : (
            <>
              <MailTestStep token={token} />
              <AdminStep token={token} />
            </>
          )}
        </>
      )}
    </Page>
  );
}

function Check({ ok, label, text }: { ok: boolean; label: string; text: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <span class={`badge ${ok ? 'badge-ok' : 'badge-bad'}`}>{t(ok ? 'install.ok' : 'install.attention')}</span> {text}
      </dd>
    </div>
  );
}

function ReportPanel({ report }: { report: Report }) {
  const { node, database, dataFolder } = report;
  const pending = database.pendingMigrations;
  return (
    <Panel title={t('install.report')} id="install-report">
      <dl class="checks">
        <Check
          label={t('install.node')}
          ok={node.supported}
          text={t(node.supported ? 'install.nodeOk' : 'install.nodeOld', { version: node.version, required: node.required })}
        />
        <Check
          label={t('install.database')}
          ok={database.reachable}
          text={t(database.reachable ? 'install.databaseOk' : 'install.databaseDown', {
            type: database.type,
            driver: database.driver,
            ms: database.latencyMs,
          })}
        />
        {database.reachable && (
          <Check
            label={t('install.migrations')}
            ok={pending.length === 0}
            text={
              pending.length
                ? t('install.migrationsPending', { count: pending.length, names: pending.join(', ') })
                : t('install.migrationsNone')
            }
          />
        )}
        {dataFolder && (
          <Check
            label={t('install.dataFolder')}
            ok={dataFolder.writable}
            text={t(dataFolder.writable ? 'install.dataFolderOk' : 'install.dataFolderBad', { path: dataFolder.path })}
          />
        )}
        <Check
          label={t('install.secretKey')}
          ok={report.secretKey === 'persistent'}
          text={t(report.secretKey === 'persistent' ? 'install.secretKeyOk' : 'install.secretKeyRandom')}
        />
        <Check
          label={t('install.mail')}
          ok={report.mail === 'environment'}
          text={t(
            report.mail === 'environment' ? 'install.mailEnvironment' : report.mail === 'log' ? 'install.mailLog' : 'install.mailNone',
          )}
        />
        <Check
          label={t('install.address')}
          ok
          text={t('install.addressText', {
            origin: report.origin,
            basePath: report.basePath,
            publicUrl: report.publicUrl ?? t('install.notSet'),
          })}
        />
        <Check
          label={t('install.token')}
          ok={report.setupToken}
          text={t(report.setupToken ? 'install.tokenSet' : 'install.tokenMissing')}
        />
      </dl>
    </Panel>
  );
}

/** The ways to set SETUP_TOKEN, this target's first. */
const HOW: { key: MessageKey; targets: string[] }[] = [
  { key: 'install.howCpanel', targets: ['cpanel'] },
  { key: 'install.howCompose', targets: ['container'] },
  { key: 'install.howSystemd', targets: ['vps'] },
  { key: 'install.howDotenv', targets: ['node', 'vps', 'lambda'] },
];

function HowToSetToken({ target, onRecheck }: { target: string; onRecheck: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const ordered = [...HOW].sort((a, b) => Number(b.targets.includes(target)) - Number(a.targets.includes(target)));
  return (
    <Panel title={t('install.howTitle')} id="install-how">
      <div class="alert alert-error" role="alert">
        {t('install.tokenMissing')}
      </div>
      <p>{t('install.howIntro')}</p>
      <ul>
        {ordered.map((how) => (
          <li key={how.key}>
            {how.targets.includes(target) && <strong>{t('install.howThisHost')} </strong>}
            {t(how.key)}
          </li>
        ))}
        <li>{t('install.howCli')}</li>
      </ul>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await onRecheck();
          setBusy(false);
        }}
      >
        {t('install.recheck')}
      </button>
    </Panel>
  );
}

/** The refusal of a step tried before the token was entered. */
const noToken = (token: string): Failure | undefined =>
  token.trim() ? undefined : { status: 0, message: t('install.tokenNeeded'), fields: {} };

function MigrateStep({ token, count, onDone }: { token: string; count: number; onDone: () => Promise<void> }) {
  const form = useForm({});
  const submit = () =>
    form.submit({}, async () => {
      const missing = noToken(token);
      if (missing) return missing;
      const { data, error, response } = await api.POST('/api/v1/setup/migrations', { body: { token } });
      if (!data) {
        checkDone(response);
        return failure(response, error, OWN_WORDS);
      }
      notify.success(t('install.migrated', { count: data.applied.length }));
      await onDone();
      return undefined;
    });
  return (
    <Panel title={t('install.migrate')} id="install-migrate">
      <p>{t('install.migrateText', { count })}</p>
      <Form label={t('install.migrate')} onSubmit={submit} submitLabel={t('install.migrateSubmit')} busy={form.busy} failure={form.failure}>
        {null}
      </Form>
    </Panel>
  );
}

function MailTestStep({ token }: { token: string }) {
  const form = useForm({ to: '' });
  const [sent, setSent] = useState<string | undefined>();
  const submit = () =>
    form.submit({ to: [rules.email] }, async ({ to }) => {
      setSent(undefined);
      const missing = noToken(token);
      if (missing) return missing;
      const { data, error, response } = await api.POST('/api/v1/setup/smtp-test', { body: { token, to: to.trim() } });
      if (!data) {
        checkDone(response);
        return failure(response, error, { ...OWN_WORDS, 502: 'install.mailFailed', 503: 'install.mailFailed' });
      }
      setSent(t('install.mailSent', { to: data.to, via: t(`install.via.${data.via}`) }));
      return undefined;
    });
  return (
    <Panel title={t('install.mailTest')} id="install-mail">
      <p>{t('install.mailTestText')}</p>
      {sent && (
        <div class="alert alert-success" role="status">
          {sent}
        </div>
      )}
      <Form
        label={t('install.mailTest')}
        onSubmit={submit}
        submitLabel={t('install.mailTestSubmit')}
        busy={form.busy}
        failure={form.failure}
      >
        <TextField label={t('install.mailTo')} type="email" autoComplete="email" required {...form.text('to')} />
      </Form>
    </Panel>
  );
}

const siteUrlRule: Rule = (value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value.trim()).protocol) ? undefined : 'install.siteUrlError';
  } catch {
    return 'install.siteUrlError';
  }
};

function AdminStep({ token }: { token: string }) {
  const form = useForm({ siteName: '', siteUrl: API_ROOT, confirmed: false, username: '', email: '', password: '' });
  const submit = () =>
    form.submit(
      {
        siteName: [rules.required],
        siteUrl: [siteUrlRule],
        confirmed: [(value) => (value === 'true' ? undefined : 'install.siteUrlConfirmError')],
        username: [rules.username],
        email: [rules.email],
        password: [rules.password],
      },
      async (v) => {
        const missing = noToken(token);
        if (missing) return missing;
        const { data, error, response } = await api.POST('/api/v1/setup', {
          body: {
            token,
            siteName: v.siteName.trim(),
            siteUrl: v.siteUrl.trim(),
            username: v.username.trim(),
            email: v.email.trim(),
            password: v.password,
            language: language.value,
          },
        });
        if (!data) {
          checkDone(response);
          return failure(response, error, OWN_WORDS);
        }
        notify.success(t('install.done'));
        await loadSite();
        installed.value = true;
        return undefined;
      },
    );
  return (
    <Panel title={t('install.admin')} id="install-admin">
      <Form label={t('install.admin')} onSubmit={submit} submitLabel={t('install.submit')} busy={form.busy} failure={form.failure}>
        <TextField label={t('install.siteName')} required maxLength={200} {...form.text('siteName')} />
        <TextField
          label={t('install.siteUrl')}
          hint={t('install.siteUrlHint')}
          type="url"
          inputMode="url"
          required
          {...form.text('siteUrl')}
        />
        <Switch label={t('install.siteUrlConfirm')} {...form.check('confirmed')} />
        <TextField label={t('field.username')} hint={t('field.usernameHint')} autoComplete="username" required {...form.text('username')} />
        <TextField label={t('field.email')} type="email" autoComplete="email" required {...form.text('email')} />
        <NewPasswordFields label={t('field.password')} password={form.text('password')} />
      </Form>
    </Panel>
  );
}
