/** Mail configuration (SMTP_URL or SMTP_* parts, MAIL_FROM, CONTACT_TO), link building and HTML escaping. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, describe, expect, it } from 'vitest';

import { type EnvSource, loadConfig } from '#src/config.ts';
import { createLogger } from '#src/logger.ts';
import { contactMail, escapeHtml, passwordResetMail } from '#src/modules/mail/mail.templates.ts';
import { createMailer, linkBase } from '#src/modules/mail/mailer.ts';
import { configIssues } from '#test/support/config-issues.ts';

const ROOT = '/srv/filamenta';
const load = (source: EnvSource) => loadConfig(source, { appRoot: ROOT });
const issues = (source: EnvSource) => configIssues(source, { appRoot: ROOT });

const tmp = mkdtempSync(join(tmpdir(), 'filamenta-mail-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('mail configuration', () => {
  it('has no SMTP server, sender or contact address by default, and a contact limit of 5 a minute', () => {
    expect(load({}).mail).toEqual({ smtp: undefined, from: undefined, contactTo: undefined, contactRateLimitPerMinute: 5 });
  });

  it('SMTP_URL: smtp:// (587, STARTTLS when offered) and smtps:// (465, TLS), credentials percent-decoded', () => {
    expect(load({ SMTP_URL: 'smtp://mail.example.com' }).mail.smtp).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      user: undefined,
      password: undefined,
      source: 'SMTP_URL',
    });
    expect(load({ SMTP_URL: 'smtps://ada%40example.com:p%40ss%3Aw%2Frd%23%25@mail.example.com:2465' }).mail.smtp).toEqual({
      host: 'mail.example.com',
      port: 2465,
      secure: true,
      user: 'ada@example.com',
      password: 'p@ss:w/rd#%',
      source: 'SMTP_URL',
    });
    expect(load({ SMTP_URL: 'smtp://[::1]:25' }).mail.smtp).toMatchObject({ host: '::1', port: 25 });
  });

  it('a bad SMTP_URL is a config error that says what is expected', () => {
    expect(issues({ SMTP_URL: 'mail.example.com' }).SMTP_URL).toMatch(/not a URL.*smtp:\/\//);
    expect(issues({ SMTP_URL: 'http://mail.example.com' }).SMTP_URL).toMatch(/unsupported scheme "http:".*smtps:\/\//);
    expect(issues({ SMTP_URL: 'smtp://' }).SMTP_URL).toMatch(/no host|not a URL/);
    expect(issues({ SMTP_URL: 'smtp://ada:%E0%A4%A@mail.example.com' }).SMTP_URL).toMatch(/percent-encoding/);
    // Every problem at once, with the other variables'.
    expect(Object.keys(issues({ SMTP_URL: 'ftp://x', SMTP_HOST: 'y', MAIL_FROM: 'nobody', PORT: 'x' })).sort()).toEqual([
      'MAIL_FROM',
      'PORT',
      'SMTP_HOST',
      'SMTP_URL',
    ]);
  });

  it('SMTP_HOST and its parts; the port follows SMTP_SECURE and SMTP_SECURE follows port 465', () => {
    expect(load({ SMTP_HOST: 'mail.example.com' }).mail.smtp).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      user: undefined,
      password: undefined,
      source: 'SMTP_HOST',
    });
    expect(load({ SMTP_HOST: 'h', SMTP_SECURE: 'true' }).mail.smtp).toMatchObject({ port: 465, secure: true });
    expect(load({ SMTP_HOST: 'h', SMTP_PORT: '465' }).mail.smtp).toMatchObject({ port: 465, secure: true });
    expect(load({ SMTP_HOST: 'h', SMTP_PORT: '2525', SMTP_USER: 'u', SMTP_PASSWORD: 'p@ss' }).mail.smtp).toMatchObject({
      port: 2525,
      secure: false,
      user: 'u',
      password: 'p@ss',
    });
  });

  it('SMTP_PASSWORD_FILE holds the password; parts without SMTP_HOST, or a password without a user, are errors', () => {
    const file = join(tmp, 'smtp-password');
    writeFileSync(file, 'from-a-file\n');
    expect(load({ SMTP_HOST: 'h', SMTP_USER: 'u', SMTP_PASSWORD_FILE: file }).mail.smtp?.password).toBe('from-a-file');
    expect(issues({ SMTP_USER: 'u', SMTP_PORT: '25' })).toEqual({
      SMTP_USER: expect.stringMatching(/SMTP_HOST/),
      SMTP_PORT: expect.any(String),
    });
    expect(issues({ SMTP_HOST: 'h', SMTP_PASSWORD: 'p' })).toEqual({ SMTP_PASSWORD: expect.stringMatching(/SMTP_USER/) });
    expect(issues({ SMTP_HOST: 'h', SMTP_PORT: '99999' }).SMTP_PORT).toMatch(/port/);
  });

  it('MAIL_FROM and CONTACT_TO take an address or Name <address>', () => {
    const mail = load({ MAIL_FROM: 'Filamenta <noreply@example.com>', CONTACT_TO: 'owner@example.com' }).mail;
    expect(mail).toMatchObject({ from: 'Filamenta <noreply@example.com>', contactTo: 'owner@example.com' });
    expect(issues({ MAIL_FROM: 'noreply', CONTACT_TO: 'a@b' })).toEqual({
      MAIL_FROM: expect.stringMatching(/not a mail address/),
      CONTACT_TO: expect.stringMatching(/not a mail address/),
    });
  });
});

describe('mail links and texts', () => {
  it('links start at PUBLIC_URL, else site_url, followed by BASE_PATH unless already there', () => {
    expect(linkBase({ publicUrl: undefined, basePath: '' }, 'http://localhost:5000/')).toBe('http://localhost:5000');
    expect(linkBase({ publicUrl: undefined, basePath: '/filamenta' }, 'https://example.com')).toBe('https://example.com/filamenta');
    expect(linkBase({ publicUrl: 'https://api.example.com', basePath: '/filamenta' }, 'https://example.com')).toBe(
      'https://api.example.com/filamenta',
    );
    expect(linkBase({ publicUrl: 'https://example.com/filamenta', basePath: '/filamenta' }, 'x')).toBe('https://example.com/filamenta');
  });

  it('escapes what users and settings supply in the HTML part, and keeps it as typed in the text part', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const site = {
      siteName: 'Caf\u00e9 <b>',
      linkBase: 'https://example.com',
      fromAddress: 'noreply@example.com',
      language: 'en' as const,
    };
    const mail = contactMail(site, {
      to: 'owner@example.com',
      id: 7,
      name: '<img src=x onerror=alert(1)>',
      email: 'ada@example.com',
      message: 'Hi <script>alert(1)</script> & bye',
      ip: '203.0.113.7',
      at: new Date('2030-01-01T00:00:00Z'),
    });
    expect(mail.html).not.toMatch(/<script|<img|<b>/);
    expect(mail.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; bye');
    expect(mail.text).toContain('Hi <script>alert(1)</script> & bye');
    expect(mail.replyTo).toEqual({ name: '<img src=x onerror=alert(1)>', address: 'ada@example.com' });
    const reset = passwordResetMail(site, { to: 'ada@example.com', username: 'ada', token: 'abc_-1', minutes: 60 });
    expect(reset.text).toContain('https://example.com/admin/reset-password?token=abc_-1');
    expect(reset.text).toContain('60 minutes');
    expect(reset.html).toContain('href="https://example.com/admin/reset-password?token=abc_-1"');
  });
});

describe('mail dispatch', () => {
  const quiet = createLogger({ logLevel: 'silent' });
  const slowTask = (done: string[]) => async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    done.push('sent');
  };

  it('runs the task after the answer by default, and drain() waits for it', async () => {
    const mailer = createMailer(load({}));
    const done: string[] = [];
    await mailer.dispatch(slowTask(done), quiet, 'test');
    expect(done).toEqual([]);
    await mailer.drain();
    expect(done).toEqual(['sent']);
  });

  it('on Lambda, where nothing runs after the answer, awaits the task; a failure is logged, not thrown', async () => {
    const mailer = createMailer(load({ DEPLOYMENT_TARGET: 'lambda', DB_TYPE: 'postgresql' }));
    const done: string[] = [];
    await mailer.dispatch(slowTask(done), quiet, 'test');
    expect(done).toEqual(['sent']);
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const log = createLogger({ logLevel: 'info' }, sink);
    await expect(mailer.dispatch(() => Promise.reject(new Error('boom')), log, 'contact message 7')).resolves.toBeUndefined();
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'error',
      msg: 'contact message 7: the mail was not sent',
      err: { message: 'boom' },
    });
  });
});
