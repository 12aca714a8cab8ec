/**
 * The confirm dialog every destructive action goes through: a modal <dialog> (focus kept inside,
 * Escape cancels, focus returns where it was), opened with `confirm({...})`, which resolves to the
 * person's answer.
 */
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

import { t } from '../i18n/index.ts';

interface Question {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  answer: (yes: boolean) => void;
}

const open = signal<Question | undefined>(undefined);

export function confirm(question: Omit<Question, 'answer'>): Promise<boolean> {
  open.value?.answer(false);
  return new Promise((resolve) => {
    open.value = { ...question, answer: resolve };
  });
}

export function ConfirmHost() {
  const ref = useRef<HTMLDialogElement>(null);
  const question = open.value;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (question && !dialog.open) dialog.showModal();
    if (!question && dialog.open) dialog.close();
  }, [question]);

  const done = (yes: boolean) => {
    question?.answer(yes);
    open.value = undefined;
  };
  return (
    <dialog ref={ref} class="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-message" onCancel={() => done(false)}>
      {question && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            done(true);
          }}
        >
          <h2 id="confirm-title">{question.title}</h2>
          <p id="confirm-message">{question.message}</p>
          <div class="actions">
            <button type="button" autofocus onClick={() => done(false)}>
              {question.cancelLabel ?? t('dialog.cancel')}
            </button>
            <button type="submit" class={question.danger ? 'danger' : 'primary'}>
              {question.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
