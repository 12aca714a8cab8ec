import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

import { User } from './user.entity.ts';

export const THEMES = ['light', 'dark', 'auto'] as const;
export const LANGUAGES = ['en', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * One row per user (defaults: light, notifications on), deleted with the user. `language` is null
 * until the person chooses one: mails then use the site's `default_language`, the console the browser's.
 */
export const UserPreferences = defineEntity({
  name: 'UserPreferences',
  tableName: 'user_preferences',
  properties: {
    user: () => p.oneToOne(User).primary().owner().deleteRule('cascade'),
    theme: p.enum(THEMES).default('light'),
    language: p.enum(LANGUAGES).nullable(),
    notifications: p.boolean().default(true),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type UserPreferences = InferEntity<typeof UserPreferences>;
