/**
 * The texts of the mails, each as plain text and HTML. Everything that comes from a user or a
 * setting is HTML-escaped in the HTML part; links carry the token, and the token is also given on
 * its own for clients that post it themselves.
 */
import type { Language } from '../../db/entities/index.ts';
import { MAIL_MESSAGES } from './mail.messages.ts';
import type { OutgoingMail, SiteContext } from './mailer.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** A small HTML document; `body` is already-escaped HTML. */
function page(site: SiteContext, title: string, body: string): string {
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    body,
    `<p style="color: #666">${escapeHtml(site.siteName)}</p>`,
    '</body></html>',
  ].join('\n');
}

function tokenMail(
  site: SiteContext,
  words: (typeof MAIL_MESSAGES)[Language],
  m: { to: string; subject: string; greeting: string; intro: string; action: string; link: string; token: string; expiry: string },
): OutgoingMail {
  const text = [m.greeting, '', m.intro, '', m.link, '', `${words.orCode} ${m.token}`, words.expires(m.expiry), '', site.siteName].join(
    '\n',
  );
  const html = page(
    site,
    m.subject,
    [
      `<p>${escapeHtml(m.greeting)}</p>`,
      `<p>${escapeHtml(m.intro)}</p>`,
      `<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.action)}</a></p>`,
      `<p>${escapeHtml(words.orCode)} <code>${escapeHtml(m.token)}</code></p>`,
      `<p>${escapeHtml(words.expires(m.expiry))}</p>`,
    ].join('\n'),
  );
  return { to: m.to, subject: m.subject, text, html };
}

/** A mail to an account: `language` is the account's preference, when it has one. */
interface AccountMail {
  to: string;
  username: string;
  token: string;
  language?: Language;
}

export function verificationMail(site: SiteContext, u: AccountMail & { hours: number }): OutgoingMail {
  const words = MAIL_MESSAGES[u.language ?? site.language];
  return tokenMail(site, words, {
    to: u.to,
    subject: words.verify.subject(site.siteName),
    greeting: words.hello(u.username),
    intro: words.verify.intro(u.to),
    action: words.verify.action,
    link: `${site.linkBase}/admin/verify-email?token=${encodeURIComponent(u.token)}`,
    token: u.token,
    expiry: words.hours(u.hours),
  });
}

export function passwordResetMail(site: SiteContext, u: AccountMail & { minutes: number }): OutgoingMail {
  const words = MAIL_MESSAGES[u.language ?? site.language];
  return tokenMail(site, words, {
    to: u.to,
    subject: words.reset.subject(site.siteName),
    greeting: words.hello(u.username),
    intro: words.reset.intro,
    action: words.reset.action,
    link: `${site.linkBase}/admin/reset-password?token=${encodeURIComponent(u.token)}`,
    token: u.token,
    expiry: words.minutes(u.minutes),
  });
}

/** To the site's own address, so in the site's default language. */
export function contactMail(
  site: SiteContext,
  m: { to: string; id: number; name: string; email: string; message: string; ip: string | null; at: Date },
): OutgoingMail {
  const words = MAIL_MESSAGES[site.language].contact;
  const from = `${m.name} <${m.email}>`;
  const meta = `${words.meta(m.id, m.at.toISOString())}${m.ip ? words.ip(m.ip) : ''}`;
  return {
    to: m.to,
    replyTo: { name: m.name, address: m.email },
    subject: words.subject(site.siteName, m.name),
    text: [`${words.from} ${from}`, meta, '', m.message].join('\n'),
    html: page(
      site,
      words.title,
      [
        `<p>${escapeHtml(words.from)} <strong>${escapeHtml(m.name)}</strong> &lt;${escapeHtml(m.email)}&gt;<br>${escapeHtml(meta)}</p>`,
        `<blockquote style="white-space: pre-wrap">${escapeHtml(m.message)}</blockquote>`,
      ].join('\n'),
    ),
  };
}

/** `language`: the administrator's who asks for it, else the site's. */
export function testMail(site: SiteContext, to: string, language: Language = site.language): OutgoingMail {
  const words = MAIL_MESSAGES[language].test;
  const line = words.line(site.siteName);
  return { to, subject: words.subject(site.siteName), text: line, html: page(site, words.title, `<p>${escapeHtml(line)}</p>`) };
}
