/** The mail side of the configuration: the SMTP server from the environment, the sender, the contact form. */
import { makeValidator } from 'envalid';

import type { CleanEnv, RawEnv } from './specs.ts';
import { ConfigIssue } from './validators.ts';

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  source: 'SMTP_URL' | 'SMTP_HOST';
}

export interface MailConfig {
  /** The mail server from the environment; undefined: the SMTP settings, else the log (development, test). */
  smtp: SmtpConfig | undefined;
  /** `MAIL_FROM`: overrides the smtp_from_name/smtp_from_email settings. */
  from: string | undefined;
  /** `CONTACT_TO`: where contact messages go; undefined: the sender address. */
  contactTo: string | undefined;
  contactRateLimitPerMinute: number;
}

/** `Name <address>` or a bare address; enough to catch a typo, the mail server has the last word. */
const MAIL_ADDRESS = /^(?:[^<>]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/;

export const mailAddress = makeValidator<string>((input) => {
  const value = input.trim();
  if (!MAIL_ADDRESS.test(value)) throw new ConfigIssue(`"${input}" is not a mail address (name@example.com or Name <name@example.com>)`);
  return value;
});

const SMTP_URL_USAGE = 'expected smtp://user:password@host:587 or smtps://user:password@host:465 (percent-encode @ : / % # in credentials)';

/** `smtp://` (STARTTLS when offered, 587) or `smtps://` (TLS, 465), credentials percent-encoded. */
export const smtpUrl = makeValidator<SmtpConfig>((input) => {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ConfigIssue(`is not a URL; ${SMTP_URL_USAGE}`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new ConfigIssue(`unsupported scheme "${url.protocol}"; ${SMTP_URL_USAGE}`);
  if (!url.hostname) throw new ConfigIssue(`has no host; ${SMTP_URL_USAGE}`);
  try {
    const secure = url.protocol === 'smtps:';
    return {
      host: decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      user: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      source: 'SMTP_URL',
    };
  } catch {
    throw new ConfigIssue('has a malformed percent-encoding in its credentials');
  }
});

const SMTP_PARTS = ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_SECURE'] as const;

/** SMTP_URL, or SMTP_HOST and its parts (never both); `raw` says which were given, valid or not. */
export function buildMailConfig(env: CleanEnv, raw: RawEnv, issues: Record<string, string>): MailConfig {
  const base = { from: env.MAIL_FROM, contactTo: env.CONTACT_TO, contactRateLimitPerMinute: env.RATE_LIMIT_CONTACT_PER_MINUTE };
  if (raw.SMTP_URL !== undefined) {
    if (env.SMTP_HOST !== undefined) issues.SMTP_HOST = 'SMTP_URL is set too; set only one';
    return { ...base, smtp: env.SMTP_URL };
  }
  if (env.SMTP_HOST === undefined) {
    for (const name of SMTP_PARTS) if (env[name] !== undefined) issues[name] = 'is set but SMTP_HOST is not';
    return { ...base, smtp: undefined };
  }
  const secure = env.SMTP_SECURE ?? env.SMTP_PORT === 465;
  if (env.SMTP_PASSWORD !== undefined && env.SMTP_USER === undefined) issues.SMTP_PASSWORD = 'is set but SMTP_USER is not';
  return {
    ...base,
    smtp: {
      host: env.SMTP_HOST.trim(),
      port: env.SMTP_PORT ?? (secure ? 465 : 587),
      secure,
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
      source: 'SMTP_HOST',
    },
  };
}
