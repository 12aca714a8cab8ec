/**
 * /admin/settings: the site's settings in three forms (site, accounts, mail), each field drawn by
 * its type: switches for booleans, numbers, a choice for the mail format, password fields for
 * secrets (left empty, the stored secret stays). Only changed keys are sent. Then the SMTP test.
 */
import { useEffect, useState } from 'preact/hooks';

import { api, call, type Schemas } from '../api/client.ts';
import { type Failure, failure } from '../api/problem.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { user } from '../session.ts';
import { loadSite } from '../site.ts';
import { Loading } from '../ui/alert.tsx';
import { SelectField, Switch, TextField } from '../ui/field.tsx';
import { Form, type Rule, rules, useForm } from '../ui/form.tsx';
import { Page, Panel } from '../ui/page.tsx';
import { notify } from '../ui/toasts.tsx';

type Settings = Schemas['Settings'];
type Key = keyof Settings & string;
type EmailFormat = Settings['email_format'];
type Language = Settings['default_language'];

/** How a setting is edited, checked against its type: a new setting breaks the build until it has one. */
type Kind<V> = V extends boolean
  ? 'switch'
  : V extends number
    ? 'number'
    : V extends EmailFormat | Language
      ? 'choice'
      : 'text' | 'secret' | 'email' | 'url';
type Group = 'site' | 'accounts' | 'mail';
const FIELDS: { [K in Key]: { kind: Kind<Settings[K]>; group: Group } } = {
  site_name: { kind: 'text', group: 'site' },
  site_url: { kind: 'url', group: 'site' },
  default_language: { kind: 'choice', group: 'site' },
  logo_url: { kind: 'text', group: 'site' },
  footer_text: { kind: 'text', group: 'site' },
  registration_enabled: { kind: 'switch', group: 'accounts' },
  email_verification_required: { kind: 'switch', group: 'accounts' },
  '2fa_required': { kind: 'switch', group: 'accounts' },
  email_verification_token_expiry_hours: { kind: 'number', group: 'accounts' },
  password_reset_token_expiry_minutes: { kind: 'number', group: 'accounts' },
  password_reset_rate_limit_per_hour: { kind: 'number', group: 'accounts' },
  smtp_host: { kind: 'text', group: 'mail' },
  smtp_port: { kind: 'number', group: 'mail' },
  smtp_tls_enabled: { kind: 'switch', group: 'mail' },
  smtp_user: { kind: 'secret', group: 'mail' },
  smtp_password: { kind: 'secret', group: 'mail' },
  smtp_from_email: { kind: 'email', group: 'mail' },
  smtp_from_name: { kind: 'text', group: 'mail' },
  email_format: { kind: 'choice', group: 'mail' },
};

const LABEL: Record<Key, MessageKey> = {
  site_name: 'setting.siteName',
  site_url: 'setting.siteUrl',
  default_language: 'setting.defaultLanguage',
  logo_url: 'setting.logoUrl',
  footer_text: 'setting.footerText',
  registration_enabled: 'setting.registration',
  email_verification_required: 'setting.verificationRequired',
  '2fa_required': 'setting.twoFactorRequired',
  email_verification_token_expiry_hours: 'setting.verificationHours',
  password_reset_token_expiry_minutes: 'setting.resetMinutes',
  password_reset_rate_limit_per_hour: 'setting.resetPerHour',
  smtp_host: 'setting.smtpHost',
  smtp_port: 'setting.smtpPort',
  smtp_tls_enabled: 'setting.smtpTls',
  smtp_user: 'setting.smtpUser',
  smtp_password: 'setting.smtpPassword',
  smtp_from_email: 'setting.fromEmail',
  smtp_from_name: 'setting.fromName',
  email_format: 'setting.emailFormat',
};

const FORMATS: Record<EmailFormat, MessageKey> = {
  html_with_fallback: 'setting.format.both',
  html_only: 'setting.format.html',
  txt_only: 'setting.format.text',
};

/** The options of each choice; a language is named in itself, as in the language menu. */
const CHOICES: Partial<Record<Key, () => { value: string; label: string }[]>> = {
  email_format: () => (Object.keys(FORMATS) as EmailFormat[]).map((f) => ({ value: f, label: t(FORMATS[f]) })),
  default_language: () => [
    { value: 'en', label: 'English' },
    { value: 'fr', label: 'Français' },
    { value: 'es', label: 'Español' },
  ],
};

const GROUPS: Record<Group, MessageKey> = { site: 'settings.site', accounts: 'settings.accounts', mail: 'settings.mail' };

type Values = Record<string, string | boolean>;

/** The form's values: numbers as text while edited, secrets empty (the stored one is never shown). */
function toForm(settings: Settings, keys: Key[]): Values {
  return Object.fromEntries(
    keys.map((k) => {
      const value = settings[k];
      return [k, FIELDS[k].kind === 'secret' ? '' : typeof value === 'boolean' ? value : String(value)];
    }),
  );
}

function GroupForm({ group, settings, onSaved }: { group: Group; settings: Settings; onSaved: (s: Settings) => void }) {
  const keys = (Object.keys(FIELDS) as Key[]).filter((k) => FIELDS[k].group === group);
  const form = useForm(toForm(settings, keys));
  const number: Rule = (v) => (/^\d+$/.test(v.trim()) ? undefined : 'form.error.number');
  const checks: Partial<Record<string, Rule[]>> = {};
  for (const k of keys) {
    if (FIELDS[k].kind === 'number') checks[k] = [number];
    if (FIELDS[k].kind === 'email') checks[k] = [rules.email];
  }
  const submit = () =>
    form.submit(checks, async (values) => {
      const body: Record<string, string | number | boolean> = {};
      for (const k of keys) {
        const kind = FIELDS[k].kind;
        const value = kind === 'number' ? Number(String(values[k]).trim()) : kind === 'switch' ? values[k] : String(values[k]);
        if (kind === 'secret' && value === '') continue;
        if (value !== settings[k]) body[k] = value;
      }
      if (!Object.keys(body).length) {
        notify.success(t('settings.nothingChanged'));
        return undefined;
      }
      const { data, error, response } = await call(() => api.PATCH('/api/v1/settings', { body }));
      if (!data) return failure(response, error);
      onSaved(data);
      form.reset(toForm(data, keys));
      notify.success(t('settings.saved'));
      return undefined;
    });
  return (
    <Panel title={t(GROUPS[group])} id={`settings-${group}`}>
      <Form onSubmit={submit} submitLabel={t('form.save')} busy={form.busy} failure={form.failure} label={t(GROUPS[group])}>
        {keys.map((k) => {
          const kind = FIELDS[k].kind;
          const label = t(LABEL[k]);
          if (kind === 'switch') return <Switch key={k} label={label} {...form.check(k)} />;
          if (kind === 'choice')
            return (
              <SelectField
                key={k}
                label={label}
                value={String(form.values[k])}
                onValue={(v) => form.set({ [k]: v })}
                options={CHOICES[k]?.() ?? []}
              />
            );
          if (kind === 'secret')
            return (
              <TextField
                key={k}
                label={label}
                type="password"
                autoComplete="new-password"
                hint={t(settings[k] ? 'settings.secretSet' : 'settings.secretUnset')}
                {...form.text(k)}
              />
            );
          return (
            <TextField
              key={k}
              label={label}
              type={kind === 'number' ? 'text' : kind === 'url' ? 'url' : kind === 'email' ? 'email' : 'text'}
              inputMode={kind === 'number' ? 'numeric' : undefined}
              {...form.text(k)}
            />
          );
        })}
      </Form>
    </Panel>
  );
}

const VIA: Record<Schemas['SmtpTestResult']['via'], MessageKey> = {
  environment: 'smtp.viaEnvironment',
  settings: 'smtp.viaSettings',
  log: 'smtp.viaLog',
};

function SmtpTest() {
  const [detail, setDetail] = useState<string | undefined>();
  const form = useForm({ to: user.value?.email ?? '' });
  const submit = () =>
    form.submit({ to: [rules.email] }, async (values) => {
      setDetail(undefined);
      const { data, error, response } = await call(() => api.POST('/api/v1/settings/smtp/test', { body: { to: values.to.trim() } }));
      if (!data) {
        // The mail server's own words help whoever configures it.
        if (response.status === 502) setDetail(error && 'detail' in error ? error.detail : undefined);
        return failure(response, error, { 502: 'smtp.refused', 503: 'smtp.none' }) as Failure;
      }
      notify.success(t('smtp.sent', { to: data.to, via: t(VIA[data.via]) }));
      return undefined;
    });
  return (
    <Panel title={t('smtp.title')} id="smtp-test">
      <p>{t('smtp.intro')}</p>
      <Form onSubmit={submit} submitLabel={t('smtp.send')} busy={form.busy} failure={form.failure} label={t('smtp.title')}>
        <TextField label={t('smtp.to')} type="email" required {...form.text('to')} />
      </Form>
      {detail && (
        <p class="hint" lang="en">
          {detail}
        </p>
      )}
    </Panel>
  );
}

export function Settings() {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [problem, setProblem] = useState<Failure | undefined>();
  useEffect(() => {
    call(() => api.GET('/api/v1/settings')).then(
      ({ data, error, response }) => (data ? setSettings(data) : setProblem(failure(response, error))),
      () => setProblem(failure(undefined, undefined)),
    );
  }, []);
  const saved = (next: Settings) => {
    setSettings(next);
    void loadSite();
  };
  return (
    <Page title={t('settings.title')}>
      {!settings && <Loading failure={problem} />}
      {settings && (
        <>
          {(['site', 'accounts', 'mail'] as const).map((g) => (
            <GroupForm key={g} group={g} settings={settings} onSaved={saved} />
          ))}
          <SmtpTest />
        </>
      )}
    </Page>
  );
}
