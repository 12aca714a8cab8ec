/**
 * Whether the site is installed (GET /api/v1/setup): until an administrator exists the console
 * shows only the install page, and asks nothing else of an API whose tables may not exist yet.
 */
import { signal } from '@preact/signals';

import { api } from './api/client.ts';

/** undefined: not known (the server could not be reached); the console then behaves as installed. */
export const installed = signal<boolean | undefined>(undefined);

export async function loadInstalled(): Promise<void> {
  try {
    const { data } = await api.GET('/api/v1/setup');
    if (data) installed.value = data.installed;
  } catch {
    // Offline: the sign-in page says so at the first call.
  }
}
