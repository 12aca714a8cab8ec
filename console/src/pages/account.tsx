/**
 * /admin/account: the signed-in account's profile, email (with the current password), password,
 * preferences (applied to the console at once) and two-factor authentication.
 */
import { useEffect, useState } from 'preact/hooks';

import { api, call, type Schemas } from '../api/client.ts';
import { failure } from '../api/problem.ts';
import { setLanguage, t } from '../i18n/index.ts';
import { type Language, LANGUAGES, rememberLanguage, setTheme, type Theme } from '../prefs.ts';
import { href } from '../router.ts';
import { signOut, updateUser, user } from '../session.ts';
import { site } from '../site.ts';
import { SelectField, Switch, TextField } from '../ui/field.tsx';
import { Form, rules, useForm } from '../ui/form.tsx';
import { Page, Panel } from '../ui/page.tsx';
import { CurrentPassword, NewPasswordFields, newPasswordRules } from '../ui/password.tsx';
import { notify } from '../ui/toasts.tsx';
import { TwoFactor } from './account-two-factor.tsx';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', es: 'Español' };

function Profile({ me }: { me: Schemas['User'] }) {
  const form = useForm({ username: me.username });
  const submit = () =>
    form.submit({ username: [rules.username] }, async (values) => {
      const { data, error, response } = await call(() => api.PATCH('/api/v1/me', { body: { username: values.username.trim() } }));
      if (!data) return failure(response, error, { 409: 'account.usernameTaken' });
      updateUser(data);
      form.reset({ username: data.username });
      notify.success(t('account.saved'));
      return undefined;
    });
  return (
    <Panel title={t('account.profile')} id="profile">
      <Form onSubmit={submit} submitLabel={t('form.save')} busy={form.busy} failure={form.failure} label={t('account.profile')}>
        <TextField label={t('field.username')} hint={t('field.usernameHint')} autoComplete="username" required {...form.text('username')} />
      </Form>
    </Panel>
  );
}

function Email({ me }: { me: Schemas['User'] }) {
  const form = useForm({ email: me.email, currentPassword: '' });
  const submit = () =>
    form.submit({ email: [rules.email], currentPassword: [rules.required] }, async (values) => {
      const { data, error, response } = await call(() =>
        api.PATCH('/api/v1/me', { body: { email: values.email.trim(), currentPassword: values.currentPassword } }),
      );
      if (!data) return failure(response, error, { 401: 'account.wrongPassword', 409: 'account.emailTaken' });
      updateUser(data);
      form.reset({ email: data.email, currentPassword: '' });
      notify.success(t('account.emailChanged'));
      return undefined;
    });
  return (
    <Panel title={t('account.email')} id="email">
      <p>
        {t(me.emailVerified ? 'account.emailVerified' : 'account.emailUnverified', { email: me.email })}{' '}
        {!me.emailVerified && <a href={href('/resend-verification')}>{t('signIn.resend')}</a>}
      </p>
      <Form onSubmit={submit} submitLabel={t('account.changeEmail')} busy={form.busy} failure={form.failure} label={t('account.email')}>
        <TextField label={t('field.newEmail')} type="email" autoComplete="email" required {...form.text('email')} />
        <CurrentPassword {...form.text('currentPassword')} />
      </Form>
    </Panel>
  );
}

function Password() {
  const form = useForm({ currentPassword: '', password: '', repeat: '' });
  const submit = () =>
    form.submit({ currentPassword: [rules.required], ...newPasswordRules(form.values.password) }, async (values) => {
      const { data, error, response } = await call(() =>
        api.PATCH('/api/v1/me', { body: { password: values.password, currentPassword: values.currentPassword } }),
      );
      if (!data) return failure(response, error, { 401: 'account.wrongPassword' });
      // A new password ends every session, this one's too: sign in again with it.
      await signOut();
      notify.success(t('account.passwordChanged'));
      return undefined;
    });
  return (
    <Panel title={t('account.password')} id="password">
      <Form
        onSubmit={submit}
        submitLabel={t('account.changePassword')}
        busy={form.busy}
        failure={form.failure}
        label={t('account.password')}
      >
        <CurrentPassword {...form.text('currentPassword')} />
        <NewPasswordFields password={form.text('password')} repeat={form.text('repeat')} />
      </Form>
    </Panel>
  );
}

function Preferences() {
  const [loaded, setLoaded] = useState<Schemas['Preferences'] | undefined>();
  // '' in the form is "not chosen" (null in the API): mails in the site's default, the console in the browser's.
  const form = useForm({ theme: 'light' as Theme, language: '' as Language | '', notifications: true as boolean });
  useEffect(() => {
    void call(() => api.GET('/api/v1/me/preferences')).then(({ data }) => {
      if (!data) return;
      setLoaded(data);
      form.reset({ theme: data.theme, language: data.language ?? '', notifications: data.notifications });
    });
  }, []);
  const submit = () =>
    form.submit({}, async (values) => {
      const body = { theme: values.theme, language: values.language || null, notifications: values.notifications };
      const { data, error, response } = await call(() => api.PATCH('/api/v1/me/preferences', { body }));
      if (!data) return failure(response, error);
      setTheme(data.theme);
      await setLanguage(rememberLanguage(data.language));
      form.reset({ theme: data.theme, language: data.language ?? '', notifications: data.notifications });
      notify.success(t('account.saved'));
      return undefined;
    });
  return (
    <Panel title={t('account.preferences')} id="preferences">
      {!loaded ? (
        <p>{t('app.loading')}</p>
      ) : (
        <Form onSubmit={submit} submitLabel={t('form.save')} busy={form.busy} failure={form.failure} label={t('account.preferences')}>
          <SelectField
            label={t('account.theme')}
            value={form.values.theme}
            onValue={(theme) => form.set({ theme })}
            options={[
              { value: 'light', label: t('theme.light') },
              { value: 'dark', label: t('theme.dark') },
              { value: 'auto', label: t('theme.auto') },
            ]}
          />
          <SelectField
            label={t('account.language')}
            value={form.values.language}
            onValue={(language) => form.set({ language })}
            options={[
              { value: '', label: t('account.languageNotChosen') },
              ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
            ]}
          />
          <Switch label={t('account.notifications')} {...form.check('notifications')} />
        </Form>
      )}
    </Panel>
  );
}

export function Account() {
  const me = user.value;
  if (!me) return null;
  const mustSetUp = site.value?.twoFactorRequired && !me.twoFactorEnabled;
  return (
    <Page title={t('account.title')}>
      {mustSetUp && (
        <div class="alert" role="alert">
          {t('account.twoFactorRequired')}
        </div>
      )}
      <TwoFactor me={me} />
      {!mustSetUp && (
        <>
          <Profile me={me} />
          <Email me={me} key={me.email} />
          <Password />
          <Preferences />
        </>
      )}
    </Page>
  );
}
