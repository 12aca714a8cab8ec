/**
 * Two-factor authentication on the account page: set-up (a QR code and the secret as text for the
 * authenticator app, then a code to confirm), the ten backup codes shown once (copy, download),
 * and turning it off with the password and a code.
 */
import { useState } from 'preact/hooks';

import { api, call, type Schemas } from '../api/client.ts';
import { type Failure, failure } from '../api/problem.ts';
import { t } from '../i18n/index.ts';
import { reloadMe } from '../session.ts';
import { site } from '../site.ts';
import { TextField } from '../ui/field.tsx';
import { Form, rules, useForm } from '../ui/form.tsx';
import { Panel } from '../ui/page.tsx';
import { CurrentPassword } from '../ui/password.tsx';
import { notify } from '../ui/toasts.tsx';

type Setup = Schemas['TwoFactorSetup'];

/** The secret in groups of four, as authenticator apps show it. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = `${codes.join('\n')}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      notify.success(t('twoFactor.copied'));
    } catch {
      notify.error(t('twoFactor.copyFailed'));
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = Object.assign(document.createElement('a'), {
      href: url,
      download: `${site.value?.siteName || 'filamenta'}-backup-codes.txt`,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div>
      <div class="alert alert-success" role="status">
        {t('twoFactor.enabled')}
      </div>
      <p>{t('twoFactor.backupIntro')}</p>
      <ul class="codes" aria-label={t('twoFactor.backupCodes')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" onClick={copy}>
          {t('twoFactor.copy')}
        </button>
        <button type="button" onClick={download}>
          {t('twoFactor.download')}
        </button>
        <button type="button" class="primary" onClick={onDone}>
          {t('twoFactor.saved')}
        </button>
      </div>
    </div>
  );
}

function Enrol({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const [setup, setSetup] = useState<Setup | undefined>();
  const [problem, setProblem] = useState<Failure | undefined>();
  const [busy, setBusy] = useState(false);
  const form = useForm({ code: '' });

  const begin = async () => {
    setBusy(true);
    try {
      const { data, error, response } = await call(() => api.POST('/api/v1/auth/2fa/setup'));
      setProblem(data ? undefined : failure(response, error));
      setSetup(data);
    } catch {
      setProblem(failure(undefined, undefined));
    } finally {
      setBusy(false);
    }
  };
  const confirm = () =>
    form.submit({ code: [rules.required] }, async (values) => {
      const code = values.code.replace(/\s/g, '');
      const { data, error, response } = await call(() => api.POST('/api/v1/auth/2fa/enable', { body: { code } }));
      if (!data) return failure(response, error, { 422: 'twoFactor.wrongCode' });
      onEnabled(data.backupCodes);
      return undefined;
    });

  if (!setup)
    return (
      <>
        {problem && (
          <div class="alert alert-error" role="alert">
            {problem.message}
          </div>
        )}
        <p>{t('twoFactor.off')}</p>
        <div class="actions">
          <button type="button" class="primary" disabled={busy} aria-busy={busy} onClick={begin}>
            {t('twoFactor.setUp')}
          </button>
        </div>
      </>
    );
  return (
    <>
      <ol class="steps">
        <li>
          <p>{t('twoFactor.scan')}</p>
          <img
            class="qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
            alt={t('twoFactor.qrAlt')}
            width={200}
            height={200}
          />
          <p>
            {t('twoFactor.secretIntro')}{' '}
            <code class="secret" aria-label={t('twoFactor.secret')}>
              {grouped(setup.secret)}
            </code>
          </p>
        </li>
        <li>
          <Form
            onSubmit={confirm}
            submitLabel={t('twoFactor.confirm')}
            busy={form.busy}
            failure={form.failure}
            label={t('twoFactor.title')}
          >
            <TextField
              label={t('twoFactor.code')}
              hint={t('twoFactor.codeHint')}
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              {...form.text('code')}
            />
          </Form>
        </li>
      </ol>
    </>
  );
}

function Disable() {
  const form = useForm({ password: '', code: '' });
  const submit = () =>
    form.submit({ password: [rules.required], code: [rules.required, rules.code] }, async (values) => {
      const code = values.code.replace(/\s/g, '');
      const { error, response } = await call(() => api.POST('/api/v1/auth/2fa/disable', { body: { password: values.password, code } }));
      if (!response.ok) return failure(response, error, { 401: 'twoFactor.wrongPasswordOrCode', 403: 'twoFactor.required' });
      await reloadMe();
      notify.success(t('twoFactor.disabled'));
      return undefined;
    });
  return (
    <Form onSubmit={submit} submitLabel={t('twoFactor.disable')} busy={form.busy} failure={form.failure} label={t('twoFactor.disable')}>
      <CurrentPassword {...form.text('password')} />
      <TextField label={t('twoFactor.code')} hint={t('signIn.codeHint')} autoComplete="one-time-code" required {...form.text('code')} />
    </Form>
  );
}

export function TwoFactor({ me }: { me: Schemas['User'] }) {
  const [codes, setCodes] = useState<string[] | undefined>();
  return (
    <Panel title={t('twoFactor.title')} id="two-factor">
      {codes ? (
        <BackupCodes codes={codes} onDone={() => setCodes(undefined)} />
      ) : me.twoFactorEnabled ? (
        <>
          <p>{t('twoFactor.on')}</p>
          {!site.value?.twoFactorRequired && <Disable />}
        </>
      ) : (
        <Enrol
          onEnabled={(backup) => {
            setCodes(backup);
            void reloadMe();
          }}
        />
      )}
    </Panel>
  );
}
