/**
 * Mail through SMTP (nodemailer). The server is chosen for each message, because an administrator
 * may change the SMTP settings at any time:
 *   1. `SMTP_URL` or `SMTP_HOST` from the environment, when set: the operator's word wins;
 *   2. otherwise the `smtp_*` settings, once an administrator configured them (`smtp_host` set, and
 *      not the seed's placeholder `smtp.mailtrap.io` without a user);
 *   3. otherwise, in development and test, the log: the message is written at info level;
 *   4. otherwise (production) nothing: `MailNotConfiguredError`, which `dispatch` logs as an error.
 * The sender is `MAIL_FROM`, else the `smtp_from_name`/`smtp_from_email` settings; the body is
 * plain text, HTML or both as the `email_format` setting says.
 */
import type { Transporter } from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';

import type { Config } from '../../config.ts';
import { type Language, LANGUAGES } from '../../db/entities/index.ts';
import type { Logger } from '../../logger.ts';
import { type SettingsCipher, settingsCipher } from '../settings/settings.crypto.ts';
import { defaultSettings, type SettingsReader } from '../settings/settings.repository.ts';

/** The seed's default `smtp_host`: a hosted test inbox that needs an account, so not "configured". */
const PLACEHOLDER_SMTP_HOST = 'smtp.mailtrap.io';

const MAIL_SETTINGS = [
  'smtp_host',
  'smtp_port',
  'smtp_user',
  'smtp_password',
  'smtp_tls_enabled',
  'smtp_from_email',
  'smtp_from_name',
  'email_format',
  'site_name',
  'site_url',
  'default_language',
] as const;

/** What a mail's text may need from the site. */
export interface SiteContext {
  siteName: string;
  /** Where links in mails start: PUBLIC_URL, else the site_url setting, then BASE_PATH. */
  linkBase: string;
  /** The sender's address; contact messages go there unless CONTACT_TO says otherwise. */
  fromAddress: string;
  /** The `default_language` setting: the language of mails to a recipient who chose none. */
  language: Language;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: { name: string; address: string };
}

/** Which way a message went. */
export type MailVia = 'environment' | 'settings' | 'log';

export class MailNotConfiguredError extends Error {
  constructor() {
    super('No SMTP server is configured: set SMTP_URL (or SMTP_HOST) or the smtp_* settings; the mail was not sent');
    this.name = 'MailNotConfiguredError';
  }
}

export interface Mailer {
  /** Composes and sends one message now; throws when it cannot be sent. */
  send(compose: (site: SiteContext) => OutgoingMail, log: Logger): Promise<MailVia>;
  /**
   * Runs `task` (a send and what follows it) after the answer, so SMTP latency neither slows the
   * request nor tells whether an account exists; failures are logged. Where work after the answer
   * may never run (Lambda freezes the process), the task is awaited instead.
   */
  dispatch(task: () => Promise<unknown>, log: Logger, what: string): Promise<void>;
  /** Settles once every dispatched task has (tests, shutdown). */
  drain(): Promise<void>;
}

export interface MailerOptions {
  /** Where the smtp_* settings, the sender and the site name are read (default: their seed values, for a mailer without a database). */
  settings?: SettingsReader;
  /** Opens the secret smtp_user and smtp_password settings (default: under SECRET_KEY). */
  cipher?: SettingsCipher;
  /** Run dispatched tasks after the answer (default: everywhere but Lambda). */
  background?: boolean;
}

/** The app's mailer: which server, sender and format, read from the environment and the settings for each mail. */
export function createMailer(config: Config, options: MailerOptions = {}): Mailer {
  const { settings = defaultSettings(), cipher = settingsCipher(config.secretKey) } = options;
  const background = options.background ?? config.target !== 'lambda';
  const pending = new Set<Promise<void>>();
  // One transporter per distinct server; the settings' one is replaced when they change.
  let cached: { key: string; transporter: Transporter } | undefined;
  // nodemailer loads on the first real send: most starts (and Lambda cold starts) send nothing.
  const transporterFor = async (smtp: SMTPTransportOptions): Promise<Transporter> => {
    const key = JSON.stringify(smtp);
    if (cached?.key === key) return cached.transporter;
    const { createTransport } = await import('nodemailer');
    // Checked again: another send may have made it while the module loaded.
    if (cached?.key !== key) {
      cached?.transporter.close();
      cached = { key, transporter: createTransport(smtp) };
    }
    return cached.transporter;
  };

  return {
    async send(compose, log) {
      const s = await settings.values(MAIL_SETTINGS);
      const str = (key: (typeof MAIL_SETTINGS)[number]) => String(s[key]);
      const fromAddress = config.mail.from ? addressOf(config.mail.from) : str('smtp_from_email');
      const language = LANGUAGES.find((l) => l === s.default_language) ?? 'en';
      const site: SiteContext = { siteName: str('site_name'), linkBase: linkBase(config, str('site_url')), fromAddress, language };
      const mail = compose(site);
      const format = str('email_format');
      const message = {
        from: config.mail.from ?? { name: str('smtp_from_name'), address: str('smtp_from_email') },
        to: mail.to,
        replyTo: mail.replyTo,
        subject: mail.subject,
        ...(format === 'txt_only'
          ? { text: mail.text }
          : format === 'html_only'
            ? { html: mail.html }
            : { text: mail.text, html: mail.html }),
      };

      // The settings' secrets are opened only when the environment names no server.
      const env = config.mail.smtp;
      const via: MailVia = env ? 'environment' : 'settings';
      const smtp = env ? smtpOptions({ ...env, requireTLS: false }) : settingsSmtp(s, cipher);
      if (smtp) {
        await (await transporterFor(smtp)).sendMail(message);
        return via;
      }
      if (config.env === 'production') throw new MailNotConfiguredError();
      log.info({ mail: { ...message, html: undefined } }, 'mail not sent (no SMTP server configured): written to the log instead');
      return 'log';
    },

    dispatch(task, log, what) {
      const run = task().then(
        () => undefined,
        (error: unknown) => log.error({ err: error }, `${what}: the mail was not sent`),
      );
      if (!background) return run;
      pending.add(run);
      void run.finally(() => pending.delete(run));
      return Promise.resolve();
    },

    async drain() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}

/** The server the smtp_* settings describe, once an administrator configured one. */
function settingsSmtp(s: Record<(typeof MAIL_SETTINGS)[number], unknown>, cipher: SettingsCipher): SMTPTransportOptions | undefined {
  const host = String(s.smtp_host).trim();
  const user = cipher.open('smtp_user', s.smtp_user);
  if (!host || (host === PLACEHOLDER_SMTP_HOST && !user)) return undefined;
  const port = Number(s.smtp_port);
  const tls = s.smtp_tls_enabled === true;
  // TLS on: implicit TLS on 465, STARTTLS required on any other port. Off: plain SMTP.
  return smtpOptions({
    host,
    port,
    secure: tls && port === 465,
    requireTLS: tls && port !== 465,
    ignoreTLS: !tls,
    user: user || undefined,
    password: cipher.open('smtp_password', s.smtp_password) || undefined,
  });
}

function smtpOptions(s: {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  ignoreTLS?: boolean;
  user: string | undefined;
  password: string | undefined;
}): SMTPTransportOptions {
  return {
    host: s.host,
    port: s.port,
    secure: s.secure,
    requireTLS: s.requireTLS,
    ignoreTLS: s.ignoreTLS ?? false,
    auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
    // A mail server that hangs must not hold a request (or a Lambda invocation) for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** `Name <a@b.c>` -> `a@b.c`. */
function addressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
}

/** PUBLIC_URL (the API's public origin, from the operator) wins over the site_url setting; BASE_PATH follows unless already there. */
export function linkBase(config: Pick<Config, 'publicUrl' | 'basePath'>, siteUrl: string): string {
  const origin = (config.publicUrl ?? siteUrl).trim().replace(/\/+$/, '');
  return config.basePath && !origin.endsWith(config.basePath) ? origin + config.basePath : origin;
}
