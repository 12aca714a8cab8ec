/**
 * A real SMTP server in the test process (smtp-server), on a free loopback port: it takes the
 * messages nodemailer delivers, parses them (mailparser) and lets the tests wait for them. With
 * `user`/`password` it requires that login (plain SMTP, so allowInsecureAuth).
 */
import type { AddressInfo } from 'node:net';

import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | undefined;
  replyTo: string | undefined;
  parsed: ParsedMail;
}

export interface TestSmtp {
  url: string;
  port: number;
  messages: Delivered[];
  /** Logins the server accepted or refused, as `user:password`. */
  logins: string[];
  /** Resolves with the first message (delivered now or later) that `match` accepts. */
  waitFor(match: (m: Delivered) => boolean, timeoutMs?: number): Promise<Delivered>;
  close(): Promise<void>;
}

/** `acceptDelayMs` holds each message that long before the server accepts it (a slow mail server). */
export async function startSmtp(auth?: { user: string; password: string }, { acceptDelayMs = 0 } = {}): Promise<TestSmtp> {
  const messages: Delivered[] = [];
  const logins: string[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(login, _session, callback) {
      logins.push(`${login.username}:${login.password}`);
      if (auth && login.username === auth.user && login.password === auth.password) callback(null, { user: login.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        async (parsed) => {
          if (acceptDelayMs) await new Promise((resolve) => setTimeout(resolve, acceptDelayMs));
          messages.push({
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : undefined,
            replyTo: parsed.replyTo?.text,
            parsed,
          });
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    messages,
    logins,
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const got = messages.map((m) => `"${m.subject}" from ${m.from} to ${m.to.join(' ')}`).join('; ');
          reject(new Error(`no matching mail within ${timeoutMs} ms; got: ${got || 'none'}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The token of a mail: the `token=` parameter of its link. */
export function tokenOf(mail: Delivered): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no token in: ${mail.text}`);
  return match[1];
}
