/**
 * Every string a person reads comes from a catalogue (en.ts, fr.ts, es.ts), by key; dates, numbers
 * and waits are written by Intl in the console's language. English is bundled with the entry (the
 * fallback and the most common first load); French and Spanish are loaded when chosen.
 */
import { signal } from '@preact/signals';

import type { Language } from '../prefs.ts';
import { type Catalogue, en } from './en.ts';

export type MessageKey = keyof typeof en;

const LOADERS: Record<Language, () => Promise<Catalogue>> = {
  en: () => Promise.resolve(en),
  fr: () => import('./fr.ts').then((m) => m.fr),
  es: () => import('./es.ts').then((m) => m.es),
};

export const language = signal<Language>('en');
const messages = signal<Catalogue>(en);

/** Loads the catalogue, then switches every string, date and number to `value`. */
export async function setLanguage(value: Language): Promise<void> {
  const catalogue = await LOADERS[value]();
  messages.value = catalogue;
  language.value = value;
  document.documentElement.lang = value;
}

/** The message for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages.value[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language.value, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(language.value).format(value);
}

/** "in 5 minutes", "dans 2 heures": a wait in seconds, rounded up to the unit a person would use. */
export function waitInWords(seconds: number): string {
  const format = new Intl.RelativeTimeFormat(language.value, { numeric: 'always' });
  if (seconds < 60) return format.format(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 3600) return format.format(Math.ceil(seconds / 60), 'minute');
  if (seconds < 86_400) return format.format(Math.ceil(seconds / 3600), 'hour');
  return format.format(Math.ceil(seconds / 86_400), 'day');
}
