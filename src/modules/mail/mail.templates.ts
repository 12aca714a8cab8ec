/**
 * The texts of the mails, each as plain text and HTML. Everything that comes from a user or a
 * setting is HTML-escaped in the HTML part; links carry the token, and the token is also given on
 * its own for clients that post it themselves.
 */
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
  m: { to: string; subject: string; greeting: string; intro: string; action: string; link: string; token: string; expiry: string },
): OutgoingMail {
  const text = [
    m.greeting,
    '',
    m.intro,
    '',
    m.link,
    '',
    `Or use this code: ${m.token}`,
    `It expires in ${m.expiry} and works once. If you did not ask for it, ignore this message.`,
    '',
    site.siteName,
  ].join('\n');
  const html = page(
    site,
    m.subject,
    [
      `<p>${escapeHtml(m.greeting)}</p>`,
      `<p>${escapeHtml(m.intro)}</p>`,
      `<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.action)}</a></p>`,
      `<p>Or use this code: <code>${escapeHtml(m.token)}</code></p>`,
      `<p>It expires in ${escapeHtml(m.expiry)} and works once. If you did not ask for it, ignore this message.</p>`,
    ].join('\n'),
  );
  return { to: m.to, subject: m.subject, text, html };
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

export function verificationMail(site: SiteContext, u: { to: string; username: string; token: string; hours: number }): OutgoingMail {
  return tokenMail(site, {
    to: u.to,
    subject: `Confirm your email address for ${site.siteName}`,
    greeting: `Hello ${u.username},`,
    intro: `Please confirm that ${u.to} is your email address by opening this link:`,
    action: 'Confirm my email address',
    link: `${site.linkBase}/admin/verify-email?token=${encodeURIComponent(u.token)}`,
    token: u.token,
    expiry: plural(u.hours, 'hour'),
  });
}

export function passwordResetMail(site: SiteContext, u: { to: string; username: string; token: string; minutes: number }): OutgoingMail {
  return tokenMail(site, {
    to: u.to,
    subject: `Reset your ${site.siteName} password`,
    greeting: `Hello ${u.username},`,
    intro: 'Someone (hopefully you) asked to reset the password of your account. Choose a new one here:',
    action: 'Choose a new password',
    link: `${site.linkBase}/admin/reset-password?token=${encodeURIComponent(u.token)}`,
    token: u.token,
    expiry: plural(u.minutes, 'minute'),
  });
}

export function contactMail(
  site: SiteContext,
  m: { to: string; id: number; name: string; email: string; message: string; ip: string | null; at: Date },
): OutgoingMail {
  const from = `${m.name} <${m.email}>`;
  const meta = `Message #${m.id}, received ${m.at.toISOString()}${m.ip ? ` from ${m.ip}` : ''}`;
  return {
    to: m.to,
    replyTo: { name: m.name, address: m.email },
    subject: `[${site.siteName}] Contact form: ${m.name}`,
    text: [`From: ${from}`, meta, '', m.message].join('\n'),
    html: page(
      site,
      'Contact form',
      [
        `<p>From: <strong>${escapeHtml(m.name)}</strong> &lt;${escapeHtml(m.email)}&gt;<br>${escapeHtml(meta)}</p>`,
        `<blockquote style="white-space: pre-wrap">${escapeHtml(m.message)}</blockquote>`,
      ].join('\n'),
    ),
  };
}

export function testMail(site: SiteContext, to: string): OutgoingMail {
  const line = `This is a test message from ${site.siteName}: the mail settings work.`;
  return { to, subject: `${site.siteName}: SMTP test`, text: line, html: page(site, 'SMTP test', `<p>${escapeHtml(line)}</p>`) };
}
