/**
 * The person's display preferences in this browser: theme and language. They come from the account
 * (GET /me/preferences) once signed in, and are kept in localStorage so the sign-in page shows them
 * next time; nothing else is ever stored in the browser.
 */
import { signal } from '@preact/signals';

import type { components } from './api/schema';

export type Theme = components['schemas']['Preferences']['theme'];
/** A language the console speaks; the account's preference may also be null (not chosen). */
export type Language = NonNullable<components['schemas']['Preferences']['language']>;
export const LANGUAGES: readonly Language[] = ['en', 'fr', 'es'];

const KEY = 'filamenta.preferences';

interface Stored {
  theme?: Theme;
  language?: Language;
}

function read(): Stored {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Stored;
    return typeof value === 'object' && value ? value : {};
  } catch {
    return {};
  }
}

function write(changes: Stored): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...read(), ...changes }));
  } catch {
    // Storage full or refused (private mode): the preference still applies to this visit.
  }
}

const theme = signal<Theme>(read().theme ?? 'auto');

const darkQuery = matchMedia('(prefers-color-scheme: dark)');

/** Sets `data-theme` on <html> to light or dark; `auto` follows the system and its changes. */
function paint(): void {
  const dark = theme.value === 'dark' || (theme.value === 'auto' && darkQuery.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
darkQuery.addEventListener('change', paint);
theme.subscribe(paint);

export function setTheme(value: Theme): void {
  theme.value = value;
  write({ theme: value });
}

/** The stored language, else the browser's. */
export function initialLanguage(): Language {
  const stored = read().language;
  if (stored && LANGUAGES.includes(stored)) return stored;
  return browserLanguage();
}

/** The first of the browser's languages the console has, else English. */
function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0] as Language;
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

/**
 * Keeps the account's language for the next sign-in page; null (the account chose none) forgets it,
 * so the console follows the browser. Answers the language to show now.
 */
export function rememberLanguage(value: Language | null): Language {
  write({ language: value ?? undefined });
  return value ?? browserLanguage();
}
