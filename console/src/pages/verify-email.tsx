/**
 * /admin/verify-email?token=...: the page the verification mail links to. The address is confirmed
 * by a button, not on load, so a mail scanner that opens links cannot spend the token.
 */
import { useState } from 'preact/hooks';

import { api } from '../api/client.ts';
import { type Failure, failure } from '../api/problem.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { user } from '../session.ts';
import { Page } from '../ui/page.tsx';

export function VerifyEmail({ query }: PageProps) {
  const token = query.get('token') ?? '';
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [problem, setProblem] = useState<Failure | undefined>(token ? undefined : failure(undefined, undefined));
  const confirm = async () => {
    setState('busy');
    try {
      const { error, response } = await api.POST('/api/v1/auth/email/verify', { body: { token } });
      if (response.ok) return setState('done');
      setProblem(failure(response, error, { 422: 'verify.badLink' }));
    } catch {
      setProblem(failure(undefined, undefined));
    }
    setState('idle');
  };
  return (
    <Page title={t('verify.title')}>
      {state === 'done' ? (
        <>
          <div class="alert alert-success" role="status">
            {t('verify.done')}
          </div>
          <a href={href(user.value ? '/' : '/sign-in')}>{t(user.value ? 'nav.dashboard' : 'register.signIn')}</a>
        </>
      ) : !token ? (
        <>
          <div class="alert alert-error" role="alert">
            {t('verify.badLink')}
          </div>
          <a href={href('/resend-verification')}>{t('verify.again')}</a>
        </>
      ) : (
        <>
          {problem && (
            <div class="alert alert-error" role="alert">
              {problem.message}
            </div>
          )}
          <p>{t('verify.intro')}</p>
          <div class="actions">
            <button type="button" class="primary" disabled={state === 'busy'} aria-busy={state === 'busy'} onClick={confirm}>
              {state === 'busy' ? t('form.working') : t('verify.submit')}
            </button>
          </div>
          {problem?.status === 422 && <a href={href('/resend-verification')}>{t('verify.again')}</a>}
        </>
      )}
    </Page>
  );
}
