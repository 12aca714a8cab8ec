/**
 * Forms: `useForm` keeps the values, the field errors (the console's own checks first, then the
 * API's 422 answer), the failure of the last submit and whether one is running; `<Form>` is the
 * <form> with its error summary and submit button. The console checks fields itself (noValidate) so
 * that every message is in the console's language.
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

import { type Failure, networkFailure } from '../api/problem.ts';
import { type MessageKey, t } from '../i18n/index.ts';

type Values = Record<string, string | boolean>;
type Errors<T> = Partial<Record<keyof T & string, string>>;
export type Rule = (value: string) => MessageKey | undefined;

export const rules = {
  required: (v: string) => (v.trim() ? undefined : 'form.error.required'),
  username: (v: string) => (/^[A-Za-z0-9_.-]{3,80}$/.test(v.trim()) ? undefined : 'form.error.username'),
  email: (v: string) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) && v.length <= 254 ? undefined : 'form.error.email'),
  password: (v: string) => ([...v].length >= 8 ? undefined : 'form.error.password'),
  slug: (v: string) => (!v || /^(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v) ? undefined : 'form.error.slug'),
  /** A 6-digit TOTP code, or a backup code (`abcde-fghij`, base32). */
  code: (v: string) => (/^(\d{6}|[a-z2-7]{5}-?[a-z2-7]{5})$/i.test(v.replace(/\s/g, '')) ? undefined : 'form.error.code'),
} satisfies Record<string, Rule>;

export function useForm<T extends Values>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Errors<T>>({});
  const [failure, setFailure] = useState<Failure | undefined>();
  const [busy, setBusy] = useState(false);
  const start = useRef(initial);

  const set = (changes: Partial<T>) => setValues((prev) => ({ ...prev, ...changes }));
  return {
    values,
    set,
    errors,
    failure,
    busy,
    /** Props for a text field or area bound to `name`. */
    text: (name: keyof T & string) => ({
      value: String(values[name] ?? ''),
      onValue: (value: string) => set({ [name]: value } as Partial<T>),
      error: errors[name],
    }),
    /** Props for a switch bound to `name`. */
    check: (name: keyof T & string) => ({
      checked: Boolean(values[name]),
      onChecked: (value: boolean) => set({ [name]: value } as Partial<T>),
      error: errors[name],
    }),
    /** True when a value differs from the one the form started with (or was last reset to). */
    dirty: Object.keys(values).some((k) => values[k] !== start.current[k]),
    /** Starts again from `next` (after a save, or a reload of the record). */
    reset(next: T = start.current) {
      start.current = next;
      setValues(next);
      setErrors({});
      setFailure(undefined);
    },
    /**
     * Checks the fields with `check`, then runs `send`; its failure (if any) is shown and its field
     * errors are put beside their fields.
     */
    async submit(check: Partial<Record<keyof T & string, Rule[]>>, send: (values: T) => Promise<Failure | undefined>): Promise<boolean> {
      const found: Errors<T> = {};
      for (const [name, list] of Object.entries(check) as [keyof T & string, Rule[]][]) {
        const key = list.map((rule) => rule(String(values[name] ?? ''))).find(Boolean);
        if (key) found[name] = t(key);
      }
      setErrors(found);
      if (Object.keys(found).length) {
        setFailure({ status: 0, message: t('form.error.summary'), fields: {} });
        return false;
      }
      setBusy(true);
      try {
        const outcome = await send(values);
        setFailure(outcome);
        if (outcome) setErrors(outcome.fields as Errors<T>);
        return !outcome;
      } catch {
        setFailure(networkFailure());
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

export function Form({
  onSubmit,
  submitLabel,
  busy,
  failure,
  children,
  extra,
  label,
}: {
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  failure?: Failure;
  children: ComponentChildren;
  /** More buttons beside the submit button. */
  extra?: ComponentChildren;
  /** The form's accessible name when the page holds several. */
  label?: string;
}) {
  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      {failure && (
        <div class="alert alert-error" role="alert">
          {failure.message}
        </div>
      )}
      {children}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {busy ? t('form.working') : submitLabel}
        </button>
        {extra}
      </div>
    </form>
  );
}
