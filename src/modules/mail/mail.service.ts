/** The SMTP test: a mail sent the way every mail goes now, with the server's answer when it fails. */
import type { Language } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Logger } from '../../logger.ts';
import { testMail } from './mail.templates.ts';
import { type Mailer, MailNotConfiguredError, type MailVia } from './mailer.ts';

/** Sends the test mail to `to` (in `language`, the asking administrator's, else the site's): 503 when no server is configured, 502 with what the server said when it refuses. */
export async function sendTestMail(mailer: Mailer, to: string, language: Language | undefined, log: Logger): Promise<MailVia> {
  try {
    return await mailer.send((site) => testMail(site, to, language), log);
  } catch (error) {
    if (error instanceof MailNotConfiguredError) throw new ProblemError({ status: 503, detail: error.message });
    const e = error as Error & { code?: string; response?: string };
    // Shown to an administrator only: the point of the test is to see what the server said.
    const said = [e.code, e.response ?? e.message].filter(Boolean).join(': ');
    throw new ProblemError({ status: 502, detail: `The mail server refused or could not be reached: ${said}` });
  }
}
