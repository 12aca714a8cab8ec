/**
 * A page that asks for an email address and says a mail is on its way whatever the address (the
 * API answers the same for an unknown one): forgot password, resend verification.
 */
import { useState } from 'preact/hooks';

import { failure } from '../api/problem.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { TextField } from './field.tsx';
import { Form, rules, useForm } from './form.tsx';
import { Page } from './page.tsx';

export function EmailRequest({
  title,
  intro,
  submit,
  sent,
  send,
}: {
  title: MessageKey;
  intro: MessageKey;
  submit: MessageKey;
  sent: MessageKey;
  send: (email: string) => Promise<{ error?: unknown; response: Response }>;
}) {
  const [done, setDone] = useState(false);
  const form = useForm({ email: '' });
  const onSubmit = () =>
    form.submit({ email: [rules.email] }, async (values) => {
      const { error, response } = await send(values.email.trim());
      if (!response.ok) return failure(response, error);
      setDone(true);
      return undefined;
    });
  return (
    <Page title={t(title)}>
      {done ? (
        <div class="alert alert-success" role="status">
          {t(sent)}
        </div>
      ) : (
        <>
          <p>{t(intro)}</p>
          <Form onSubmit={onSubmit} submitLabel={t(submit)} busy={form.busy} failure={form.failure}>
            <TextField label={t('field.email')} type="email" autoComplete="email" required {...form.text('email')} />
          </Form>
        </>
      )}
      <p>
        <a href={href('/sign-in')}>{t('register.signIn')}</a>
      </p>
    </Page>
  );
}
