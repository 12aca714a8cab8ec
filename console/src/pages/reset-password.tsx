/** /admin/reset-password?token=...: the page the reset mail links to; a new password, then sign in. */
import { useState } from 'preact/hooks';

import { api } from '../api/client.ts';
import { failure } from '../api/problem.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { Form, useForm } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { NewPasswordFields, newPasswordRules } from '../ui/password.tsx';

export function ResetPassword({ query }: PageProps) {
  const token = query.get('token') ?? '';
  const [done, setDone] = useState(false);
  const form = useForm({ password: '', repeat: '' });
  const submit = () =>
    form.submit(newPasswordRules(form.values.password), async (values) => {
      const { error, response } = await api.POST('/api/v1/auth/password/reset', { body: { token, password: values.password } });
      if (!response.ok) return failure(response, error, { 422: 'reset.badLink' });
      setDone(true);
      return undefined;
    });
  return (
    <Page title={t('reset.title')}>
      {done ? (
        <>
          <div class="alert alert-success" role="status">
            {t('reset.done')}
          </div>
          <a href={href('/sign-in')}>{t('register.signIn')}</a>
        </>
      ) : !token ? (
        <>
          <div class="alert alert-error" role="alert">
            {t('reset.badLink')}
          </div>
          <a href={href('/forgot-password')}>{t('reset.again')}</a>
        </>
      ) : (
        <>
          <Form onSubmit={submit} submitLabel={t('reset.submit')} busy={form.busy} failure={form.failure}>
            <NewPasswordFields password={form.text('password')} repeat={form.text('repeat')} />
          </Form>
          {form.failure?.status === 422 && <a href={href('/forgot-password')}>{t('reset.again')}</a>}
        </>
      )}
    </Page>
  );
}
