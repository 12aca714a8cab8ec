/**
 * Real Chromium for the console's tests (test/support/chromium.ts): one browser per test file and
 * a fresh context (storage, language, colour scheme) per person. Every page records console
 * errors, uncaught errors and CSP violations; `check(name)` runs axe-core on the page (no serious or
 * critical violation), saves a screenshot in test-artifacts/console/ and fails on anything recorded
 * so far. A missing Chromium fails under REQUIRE_DATABASES=1 and is
 * skipped loudly otherwise, like the databases.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';

import { APP_ROOT } from './child.ts';
import { CHROMIUM, launchChromium } from './chromium.ts';
import { describeNeeding } from './needs.ts';

const ARTIFACTS = join(APP_ROOT, 'test-artifacts', 'console');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A suite that needs Chromium: it fails under REQUIRE_DATABASES=1 when Chromium is missing, and is skipped loudly otherwise. */
export function describeWithChromium(name: string, fn: () => void): void {
  const problem = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;
  describeNeeding(problem, 'browser')(name, () => {
    beforeAll(() => {
      if (problem) throw new Error(problem);
    });
    fn();
  });
}

export interface PersonOptions {
  /** The browser's language, e.g. 'fr-FR' (Accept-Language and navigator.languages). */
  locale?: string;
  colorScheme?: 'light' | 'dark';
}

/** One person at one browser: a fresh context and its page, with what went wrong on it. */
export class Person {
  readonly problems: string[] = [];
  /** API answers the test expects to fail (Chromium reports each failed request as a console error). */
  private readonly expected: RegExp[] = [];

  readonly context: BrowserContext;
  readonly page: Page;
  private readonly prefix: string;

  constructor(context: BrowserContext, page: Page, prefix: string) {
    this.context = context;
    this.page = page;
    this.prefix = prefix;
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = `console error: ${message.text()} (${message.location().url})`;
      if (!this.expected.some((pattern) => pattern.test(text))) this.problems.push(text);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
  }

  /** Lets Chromium's report of an API answer with `status` pass (the page is tested to say it in words). */
  expectFailedRequest(status: number): void {
    this.expected.push(new RegExp(`status of ${status} `));
  }

  /**
   * Axe-core on the page as it is (no serious or critical violation), a screenshot named
   * `<prefix>-<name>.png`, and nothing recorded so far (console errors, page errors, CSP violations).
   */
  async check(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: join(ARTIFACTS, `${this.prefix}-${name}.png`), fullPage: true });
    // Evaluated through the DevTools protocol, as a console would: the page's CSP does not apply to it.
    const violations = (await this.page.evaluate(`(async () => {
      ${AXE}
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
    })()`)) as string[];
    expect(violations, `axe on ${name}`).toEqual([]);
    expect(this.problems, `console errors or CSP violations by ${name}`).toEqual([]);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** One Chromium for a test file; `person()` opens a fresh context for each person in a test. */
export class ConsoleBrowser {
  private people: Person[] = [];
  private readonly browser: Browser;

  private constructor(browser: Browser) {
    this.browser = browser;
  }

  static async launch(): Promise<ConsoleBrowser> {
    return new ConsoleBrowser(await launchChromium());
  }

  /** A new person (context and page); `prefix` names their screenshots. */
  async person(prefix: string, { locale = 'en-US', colorScheme = 'light' }: PersonOptions = {}): Promise<Person> {
    const context = await this.browser.newContext({
      locale,
      colorScheme,
      acceptDownloads: true,
      permissions: ['clipboard-read', 'clipboard-write'],
      viewport: { width: 1280, height: 900 },
    });
    // Generous: Passenger starts processes on demand and CI shares its cores.
    context.setDefaultTimeout(20_000);
    // Every CSP violation becomes a console error the page's listener records.
    await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + e.sourceFile + ':' + e.lineNumber));`);
    const person = new Person(context, await context.newPage(), prefix);
    this.people.push(person);
    return person;
  }

  /** A screenshot of every page still open, named after the failed test, and what each recorded. */
  async captureFailure(test: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const slug = test.replace(/[^\w]+/g, '-').slice(0, 80);
    const notes: string[] = [];
    for (const [i, person] of this.people.entries()) {
      if (person.page.isClosed()) continue;
      await person.page.screenshot({ path: join(ARTIFACTS, `FAILED-${slug}-${i}.png`), fullPage: true }).catch(() => undefined);
      notes.push(`${person.page.url()}: ${person.problems.join('; ') || 'nothing recorded'}`);
    }
    return notes.join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.people.map((p) => p.close().catch(() => undefined)));
    await this.browser.close();
  }
}
