/** The site's public settings (GET /api/v1/config): its name, whether registration is open, 2FA rules. */
import { signal } from '@preact/signals';

import { api, type Schemas } from './api/client.ts';

export const site = signal<Schemas['PublicConfig'] | undefined>(undefined);

export async function loadSite(): Promise<void> {
  try {
    const { data } = await api.GET('/api/v1/config');
    if (data) site.value = data;
  } catch {
    // Offline: the pages work without it (the site name falls back to the console's).
  }
}
