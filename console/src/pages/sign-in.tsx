/**
 * /admin/sign-in: username or email and password, then, for an account with 2FA, the code from the
 * authenticator app or a backup code. Says why a sign-in is refused, and how long to wait when the
 * account is locked or too many attempts came from here. Signed in, the console leaves this page
 * for the one asked for (`next`, see app.tsx).
 */
import { useState } from 'preact/hooks';

import { api, type Schemas } from '../api/client.ts';
import { failure } from '../api/problem.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { begin, COOKIE_MODE, endedBecause } from '../session.ts';
import { site } from '../site.ts';
import { TextField } from '../ui/field.tsx';
import { Form, rules, useForm } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';

export function SignIn() {
  const [mfaToken, setMfaToken] = useState<string | undefined>();

  return (
    <Page title={t('signIn.title')}>
      {endedBecause.value === 'expired' && !mfaToken && (
        <div class="alert" role="status">
          {t('signIn.sessionEnded')}
        </div>
      )}
      {mfaToken ? (
        <CodeStep mfaToken={mfaToken} onDone={begin} onRestart={() => setMfaToken(undefined)} />
      ) : (
        <PasswordStep onSession={begin} onCode={setMfaToken} />
      )}
      <ul class="links">
        <li>
          <a href={href('/forgot-password')}>{t('signIn.forgot')}</a>
        </li>
        {site.value?.registrationEnabled && (
          <li>
            <a href={href('/register')}>{t('signIn.register')}</a>
          </li>
        )}
        <li>
          <a href={href('/resend-verification')}>{t('signIn.resend')}</a>
        </li>
      </ul>
    </Page>
  );
}

type Session = Schemas['CookieSession'];

function PasswordStep({ onSession, onCode }: { onSession: (s: Session) => Promise<void>; onCode: (token: string) => void }) {
  const form = useForm({ login: '', password: '' });
  const submit = () =>
    form.submit({ login: [rules.required], password: [rules.required] }, async (values) => {
      const { data, error, response } = await api.POST('/api/v1/auth/login', {
        params: COOKIE_MODE,
        body: { login: values.login.trim(), password: values.password },
      });
      if (!data) return failure(response, error, { 401: 'signIn.wrongPassword', 403: 'signIn.refused' });
      if ('mfaRequired' in data) onCode(data.mfaToken);
      else await onSession(data);
      return undefined;
    });
  return (
    <Form onSubmit={submit} submitLabel={t('signIn.submit')} busy={form.busy} failure={form.failure}>
      <TextField label={t('signIn.login')} autoComplete="username" required {...form.text('login')} />
      <TextField label={t('signIn.password')} type="password" autoComplete="current-password" required {...form.text('password')} />
    </Form>
  );
}

function CodeStep({ mfaToken, onDone, onRestart }: { mfaToken: string; onDone: (s: Session) => Promise<void>; onRestart: () => void }) {
  const form = useForm({ code: '' });
  const submit = () =>
    form.submit({ code: [rules.required, rules.code] }, async (values) => {
      const code = values.code.replace(/\s/g, '');
      const { data, error, response } = await api.POST('/api/v1/auth/login/2fa', { params: COOKIE_MODE, body: { mfaToken, code } });
      if (!data) {
        // The step's token lives five minutes: past that, start again with the password.
        if (response.status === 401 && /invalid_token/.test(response.headers.get('WWW-Authenticate') ?? '')) {
          onRestart();
          return undefined;
        }
        return failure(response, error, { 401: 'signIn.wrongCode', 403: 'signIn.refused' });
      }
      await onDone(data);
      return undefined;
    });
  return (
    <>
      <p>{t('signIn.codeIntro')}</p>
      <Form
        onSubmit={submit}
        submitLabel={t('signIn.verify')}
        busy={form.busy}
        failure={form.failure}
        extra={
          <button type="button" onClick={onRestart}>
            {t('signIn.back')}
          </button>
        }
      >
        <TextField
          label={t('signIn.code')}
          hint={t('signIn.codeHint')}
          autoComplete="one-time-code"
          inputMode="text"
          spellcheck={false}
          required
          {...form.text('code')}
        />
      </Form>
    </>
  );
}
