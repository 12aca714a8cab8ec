/** The error box a page shows when loading or an action failed, and the loading line. */
import type { Failure } from '../api/problem.ts';
import { t } from '../i18n/index.ts';

export function ErrorAlert({ failure }: { failure: Failure | undefined }) {
  if (!failure) return null;
  return (
    <div class="alert alert-error" role="alert">
      {failure.message}
    </div>
  );
}

/** A record's page while it loads, or why it could not. */
export function Loading({ failure }: { failure?: Failure }) {
  return failure ? <ErrorAlert failure={failure} /> : <p class="loading">{t('app.loading')}</p>;
}
