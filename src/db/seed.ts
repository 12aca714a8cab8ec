/**
 * Seed data: the seed app's 18 settings with their defaults (typed: booleans stay booleans).
 * Idempotent: a key that exists keeps its value.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';

import { Setting } from './entities/index.ts';

export interface SettingDefault {
  key: string;
  value: string | number | boolean;
  description: string;
  encrypted?: boolean;
}

export const SETTING_DEFAULTS: readonly SettingDefault[] = [
  { key: 'smtp_host', value: 'smtp.mailtrap.io', description: 'SMTP server host' },
  { key: 'smtp_port', value: 465, description: 'SMTP server port' },
  { key: 'smtp_user', value: '', description: 'SMTP user name', encrypted: true },
  { key: 'smtp_password', value: '', description: 'SMTP password', encrypted: true },
  { key: 'smtp_tls_enabled', value: true, description: 'Use TLS for SMTP' },
  { key: 'smtp_from_email', value: 'noreply@example.com', description: 'Sender address' },
  { key: 'smtp_from_name', value: 'X-Filamenta', description: 'Sender name' },
  { key: 'email_verification_required', value: false, description: 'New accounts must verify their email' },
  { key: 'email_verification_token_expiry_hours', value: 24, description: 'Email verification link lifetime (hours)' },
  { key: 'password_reset_token_expiry_minutes', value: 60, description: 'Password reset link lifetime (minutes)' },
  { key: 'password_reset_rate_limit_per_hour', value: 2, description: 'Password reset requests per account per hour' },
  { key: 'email_format', value: 'html_with_fallback', description: 'html_only | txt_only | html_with_fallback' },
  { key: 'registration_enabled', value: false, description: 'Anyone may create an account' },
  { key: '2fa_required', value: false, description: 'Every account must set up two-factor authentication' },
  { key: 'site_name', value: 'X-Filamenta', description: 'Site name' },
  { key: 'site_url', value: 'http://localhost:5000', description: 'Public site URL' },
  { key: 'default_language', value: 'en', description: 'Language of mails to accounts that chose none: en | fr | es' },
  { key: 'logo_url', value: '', description: 'Logo URL; empty: the console’s icon (<base>/admin/logo.svg)' },
  { key: 'footer_text', value: '', description: 'Footer text' },
];

/** Inserts the defaults that are missing; returns how many were added. */
export async function seedDefaults(em: SqlEntityManager): Promise<number> {
  const existing = new Set((await em.find(Setting, {}, { fields: ['key'] })).map((s) => s.key));
  let added = 0;
  for (const d of SETTING_DEFAULTS) {
    if (existing.has(d.key)) continue;
    em.create(Setting, { key: d.key, value: d.value, description: d.description, encrypted: d.encrypted ?? false });
    added++;
  }
  await em.flush();
  return added;
}
