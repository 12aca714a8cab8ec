/**
 * Form fields: every control has its <label>, an optional hint, and its error tied to it
 * (aria-describedby, aria-invalid), so a screen reader says what is wrong where.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

import { t } from '../i18n/index.ts';

interface Common {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

function Frame({ id, label, hint, error, required, children }: Common & { id: string; children: ComponentChildren }) {
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <div class="label">
        <label for={id}>{label}</label>
        {/* Outside the label (its text is the control's name); screen readers say "required" from the control. */}
        {required && (
          <span class="required" aria-hidden="true">
            {' '}
            ({t('form.required')})
          </span>
        )}
      </div>
      {children}
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

/** The hint and the error under a control, with the ids its aria-describedby names. */
function Notes({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

/** What ties a control to its notes: aria-describedby names the hint and the error, aria-invalid marks the error. */
const described = (id: string, hint?: string, error?: string) => ({
  'aria-invalid': error ? (true as const) : undefined,
  'aria-describedby': [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined,
});

/** What a text input may be given besides its value: the attributes the console's forms use. */
interface InputOptions {
  type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'datetime-local';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'url';
  spellcheck?: boolean;
  maxLength?: number;
}

type InputProps = InputOptions & Common & { value: string; onValue: (value: string) => void };

export function TextField({ label, hint, error, required, value, onValue, type = 'text', ...options }: InputProps) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <input
        {...options}
        id={id}
        // Preact's input types are a union keyed by `type`; each of these is a text-like input.
        type={type as 'text'}
        value={value}
        required={required}
        {...described(id, hint, error)}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </Frame>
  );
}

type AreaProps = Common & { value: string; onValue: (value: string) => void; rows?: number; maxLength?: number };

export function TextArea({ label, hint, error, required, value, onValue, rows, maxLength }: AreaProps) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <textarea
        rows={rows}
        maxLength={maxLength}
        id={id}
        value={value}
        required={required}
        {...described(id, hint, error)}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </Frame>
  );
}

export interface Option<V extends string> {
  value: V;
  label: string;
}

export function SelectField<V extends string>({
  label,
  hint,
  error,
  required,
  value,
  onValue,
  options,
}: Common & { value: V; onValue: (value: V) => void; options: readonly Option<V>[] }) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <select
        id={id}
        value={value}
        required={required}
        {...described(id, hint, error)}
        onChange={(e) => onValue(e.currentTarget.value as V)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** An on/off switch: a checkbox with role="switch", its label beside it. */
export function Switch({ label, hint, error, checked, onChecked }: Common & { checked: boolean; onChecked: (value: boolean) => void }) {
  const id = useId();
  return (
    <div class={`field field-switch${error ? ' field-invalid' : ''}`}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={checked}
        aria-checked={checked}
        {...described(id, hint, error)}
        onChange={(e) => onChecked(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}
