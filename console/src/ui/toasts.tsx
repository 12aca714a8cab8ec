/**
 * Short messages after an action: successes are announced politely and go away by themselves;
 * errors are alerts and stay until closed.
 */
import { signal } from '@preact/signals';

import { t } from '../i18n/index.ts';

interface Toast {
  id: number;
  kind: 'success' | 'error';
  text: string;
}

const toasts = signal<Toast[]>([]);
let next = 1;

function add(kind: Toast['kind'], text: string): void {
  const toast = { id: next++, kind, text };
  toasts.value = [...toasts.value, toast];
  if (kind === 'success') setTimeout(() => dismiss(toast.id), 6000);
}

function dismiss(id: number): void {
  toasts.value = toasts.value.filter((x) => x.id !== id);
}

export const notify = {
  success: (text: string) => add('success', text),
  error: (text: string) => add('error', text),
};

/** Successes in a polite live region, errors in an alert region; each with its close button. */
export function ToastHost() {
  return (
    <div class="toasts">
      <ToastList kind="success" role="status" />
      <ToastList kind="error" role="alert" />
    </div>
  );
}

function ToastList({ kind, role }: { kind: Toast['kind']; role: 'status' | 'alert' }) {
  return (
    <div role={role} aria-live={role === 'status' ? 'polite' : undefined}>
      {toasts.value
        .filter((x) => x.kind === kind)
        .map((x) => (
          <div class={`toast toast-${kind}`} key={x.id}>
            <span>{x.text}</span>
            <button type="button" class="link" aria-label={t('toast.close')} onClick={() => dismiss(x.id)}>
              ×
            </button>
          </div>
        ))}
    </div>
  );
}
