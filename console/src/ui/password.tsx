/** Password fields: choosing a new one (with the API's rule as a hint, and the same again), giving the current one. */
import { t } from '../i18n/index.ts';
import { TextField } from './field.tsx';
import { type Rule, rules } from './form.tsx';

interface Bound {
  value: string;
  onValue: (value: string) => void;
  error?: string;
}

export function NewPasswordFields({
  password,
  repeat,
  label = t('field.newPassword'),
}: {
  password: Bound;
  repeat?: Bound;
  label?: string;
}) {
  return (
    <>
      <TextField label={label} hint={t('field.passwordHint')} type="password" autoComplete="new-password" required {...password} />
      {repeat && <TextField label={t('field.repeatPassword')} type="password" autoComplete="new-password" required {...repeat} />}
    </>
  );
}

/** The account's current password, asked before a change that needs it. */
export function CurrentPassword(bound: Bound) {
  return <TextField label={t('field.currentPassword')} type="password" autoComplete="current-password" required {...bound} />;
}

/** The checks of a new password and of its repetition. */
export function newPasswordRules(password: string): { password: Rule[]; repeat: Rule[] } {
  return { password: [rules.password], repeat: [(value) => (value === password ? undefined : 'form.error.repeat')] };
}
