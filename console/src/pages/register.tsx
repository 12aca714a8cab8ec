/** /admin/register: a member account, while the site's registration is open; a verification mail follows. */
import { useState } from 'preact/hooks';

import { api } from '../api/client.ts';
import { failure } from '../api/problem.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { site } from '../site.ts';
import { TextField } from '../ui/field.tsx';
import { Form, rules, useForm } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { NewPasswordFields } from '../ui/password.tsx';

export function Register() {
  const [done, setDone] = useState(false);
  const form = useForm({ username: '', email: '', password: '' });
  if (site.value && !site.value.registrationEnabled && !done)
    return (
      <Page title={t('register.title')}>
        <p>{t('register.closed')}</p>
        <a href={href('/sign-in')}>{t('register.signIn')}</a>
      </Page>
    );
  if (done)
    return (
      <Page title={t('register.title')}>
        <div class="alert alert-success" role="status">
          {t('register.done')}
        </div>
        <a href={href('/sign-in')}>{t('register.signIn')}</a>
      </Page>
    );
  const submit = () =>
    form.submit({ username: [rules.username], email: [rules.email], password: [rules.password] }, async (values) => {
      const { error, response } = await api.POST('/api/v1/auth/register', {
        body: { username: values.username.trim(), email: values.email.trim(), password: values.password },
      });
      if (!response.ok) return failure(response, error, { 403: 'register.closed', 409: 'register.taken' });
      setDone(true);
      return undefined;
    });
  return (
    <Page title={t('register.title')}>
      <Form onSubmit={submit} submitLabel={t('register.submit')} busy={form.busy} failure={form.failure}>
        <TextField label={t('field.username')} hint={t('field.usernameHint')} autoComplete="username" required {...form.text('username')} />
        <TextField label={t('field.email')} type="email" autoComplete="email" required {...form.text('email')} />
        <NewPasswordFields label={t('field.password')} password={form.text('password')} />
      </Form>
      <p>
        <a href={href('/sign-in')}>{t('register.signIn')}</a>
      </p>
    </Page>
  );
}
