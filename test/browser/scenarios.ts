/**
 * The console's end-to-end scenarios, as people use it, in real Chromium: each test is one person
 * (or two) at their own browser, finding controls by role and label, on a site that one test file
 * starts (Node at the root, Passenger at /filamenta...). Every page a test reaches is checked with
 * axe-core and screenshotted; a console error or a CSP violation anywhere fails the test.
 */
import { readFileSync } from 'node:fs';

import { Secret, TOTP } from 'otpauth';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import { ConsoleBrowser, type Person } from '../support/browser.ts';
import { type Account, type ConsoleSite, type FreshSite, PASSWORD, SETUP_TOKEN } from '../support/console-site.ts';

const TIMEOUT = 120_000;

/** Waits for the page's main heading. */
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
/** Waits for a toast or an alert with `text`. */
const says = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor();

/**
 * Clicks a settings form's Save and waits for its PATCH to be answered, then for the toast: an
 * earlier save's "saved" toast stays six seconds, so the text alone could pass before this save
 * reached the server (seen in CI: the test mail then went out with the settings of before).
 */
async function saveSettings(page: Page, form: Locator) {
  const answered = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname.endsWith('/api/v1/settings'));
  await form.getByRole('button', { name: 'Save' }).click();
  expect((await answered).status()).toBe(200);
  await says(page, 'The settings are saved.');
}

async function signIn(
  page: Page,
  login: string,
  password = PASSWORD,
  labels = { login: 'Username or email address', password: 'Password', submit: 'Sign in' },
) {
  await page.getByLabel(labels.login, { exact: true }).fill(login);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
}

/** Opens the sign-in page and signs in; waits for the dashboard. */
async function signedIn(site: ConsoleSite, person: Person, account: Account, dashboard = 'Dashboard') {
  await person.page.goto(site.url('/admin/sign-in'));
  await signIn(person.page, account.username);
  await heading(person.page, dashboard);
}

/** The focused element's text (or its label's, for a field) and whether a focus outline is drawn. */
const focused = (page: Page): Promise<{ text: string; outline: boolean }> =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    const text = (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent).trim();
    return { text, outline: getComputedStyle(el).outlineStyle !== 'none' };
  })()`);

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

function totpNow(secret: string, offsetSteps = 0): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** The link of the last mail to `to` whose subject matches, as the person clicks it. */
async function linkIn(site: ConsoleSite, to: string, subject: RegExp): Promise<string> {
  const mail = await site.smtp.waitFor((m) => m.to.includes(to) && subject.test(m.subject) && !used.has(m), 10_000);
  used.add(mail);
  const link = /https?:\/\/\S+token=[\w-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in: ${mail.text}`);
  return link;
}
const used = new Set<unknown>();

/** The keys the page keeps in the browser's storage (only preferences may be there). */
const storedInBrowser = (page: Page): Promise<{ localStorage: string[]; sessionStorage: string[] }> =>
  page.evaluate(`({ localStorage: Object.keys(localStorage).sort(), sessionStorage: Object.keys(sessionStorage).sort() })`);

/**
 * `core` scenarios depend on the target (base path, database, mail links) and run on every one;
 * `ui` scenarios are about the pages alone and run where `kinds` asks for them (once is enough).
 */
export type ScenarioKind = 'core' | 'ui';

/** Registers the scenarios of `kinds` in the caller's describe block, against the site `start` returns. */
export function consoleScenarios(
  start: () => Promise<ConsoleSite>,
  prefix: string,
  kinds: ScenarioKind[] = ['core', 'ui'],
  /** Starts another site of the same target on which nothing is installed (for the install scenarios). */
  startFresh?: (env?: Record<string, string>) => Promise<FreshSite>,
): void {
  const scenario = (kind: ScenarioKind, name: string, run: () => Promise<void>) => {
    if (kinds.includes(kind)) it(name, run, TIMEOUT);
  };
  let site: ConsoleSite;
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([start(), ConsoleBrowser.launch()]);
  }, TIMEOUT);
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') console.error(`pages open when "${task.name}" failed:\n${await browser.captureFailure(task.name)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  }, 60_000);
  const person = (name: string, options?: Parameters<ConsoleBrowser['person']>[1]) => browser.person(`${prefix}-${name}`, options);

  /** A test on a site of its own where nothing is installed, stopped after it. */
  const onFreshSite = async (env: Record<string, string>, run: (fresh: FreshSite) => Promise<void>) => {
    if (!startFresh) throw new Error('this target starts no fresh site');
    const fresh = await startFresh(env);
    try {
      await run(fresh);
    } finally {
      await fresh.stop();
    }
  };
  const freshScenario = (kind: ScenarioKind, name: string, run: () => Promise<void>) => {
    if (startFresh) scenario(kind, name, run);
  };

  freshScenario(
    'core',
    'install from nothing: the report, a refused token, the migrations, a test mail, the site and the first administrator, then sign in',
    async () =>
      onFreshSite({}, async (fresh) => {
        const p = await person('install');
        // Any page of the console opens the install page while no administrator exists.
        await p.page.goto(fresh.url('/admin/'));
        // The first page of a fresh process (Passenger spawns it on this request) may take longer on a busy machine.
        await p.page.getByRole('heading', { name: 'Install Filamenta', level: 1 }).waitFor({ timeout: 60_000 });
        expect(new URL(p.page.url()).pathname).toBe(`${fresh.base}/admin/install`);
        const report = p.page.getByRole('region', { name: 'What the server reports' });
        await report.getByText(/migrations to apply/).waitFor();
        await report.getByText(/Node\.js [\d.]+ meets the requirement \(>=22\.18\)\./).waitFor();
        await report.getByText('SETUP_TOKEN is set: enter it below to install.').waitFor();
        await report.getByText('A mail server is configured (SMTP_URL or SMTP_HOST).').waitFor();
        // Nothing but the migrations is offered before the database is ready.
        expect(await p.page.getByRole('button', { name: 'Install', exact: true }).count()).toBe(0);
        await p.check('install');

        const apply = p.page.getByRole('button', { name: 'Apply the migrations' });
        await apply.click();
        await says(p.page, 'Enter the setup token first.');
        p.expectFailedRequest(403);
        await p.page.getByRole('textbox', { name: 'Setup token', exact: true }).fill('not-the-setup-token');
        await apply.click();
        await says(p.page, 'This is not the server’s setup token.');
        await p.page.getByRole('textbox', { name: 'Setup token', exact: true }).fill(SETUP_TOKEN);
        await apply.click();
        await says(p.page, /^The database is ready \(\d+ migrations applied\)\.$/);
        await report.getByText('The database is up to date.').waitFor();

        // The optional mail test goes to the real SMTP server.
        await p.page.getByLabel('Send the test to', { exact: true }).fill('ops@example.com');
        await p.page.getByRole('button', { name: 'Send a test mail' }).click();
        await says(p.page, 'Sent to ops@example.com (through the mail server of the environment).');
        await fresh.smtp.waitFor((m) => m.to.includes('ops@example.com'), 10_000);

        // The site address is offered from the browser's address, and must be confirmed.
        const origin = new URL(fresh.url('/')).origin;
        const siteUrl = p.page.getByLabel('Site address', { exact: true });
        expect(await siteUrl.inputValue()).toBe(`${origin}${fresh.base}`);
        await p.page.getByLabel('Site name', { exact: true }).fill('Ada’s site');
        await p.page.getByLabel('Username', { exact: true }).fill('ada');
        await p.page.getByLabel('Email address', { exact: true }).fill('ada@example.com');
        await p.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        const install = p.page.getByRole('button', { name: 'Install', exact: true });
        await install.click();
        await says(p.page, 'Confirm the site address, or correct it.');
        await p.check('install-ready');
        await p.page.getByRole('switch', { name: 'This is the address people will use' }).check();
        await install.click();

        await heading(p.page, 'Sign in');
        await says(p.page, 'Filamenta is installed. Sign in with the administrator you just created.');
        await signIn(p.page, 'ada');
        await heading(p.page, 'Dashboard');
        await p.page.getByRole('link', { name: 'Ada’s site' }).waitFor();
        await p.check('installed');
        const config = (await (await fetch(fresh.url('/api/v1/config'))).json()) as { siteName: string; siteUrl: string };
        expect(config).toMatchObject({ siteName: 'Ada’s site', siteUrl: `${origin}${fresh.base}` });
        // Installed: the install page is gone for good (the reload keeps the session: its cookie).
        await p.page.goto(fresh.url('/admin/install'));
        await heading(p.page, 'Dashboard');
      }),
  );

  freshScenario('ui', 'without SETUP_TOKEN the install page says how to set it on this host, or to use npm run admin:create', async () =>
    onFreshSite({ SETUP_TOKEN: '' }, async (fresh) => {
      const p = await person('install-no-token', { locale: 'fr-FR' });
      await p.page.goto(fresh.url('/admin/sign-in'));
      await heading(p.page, 'Installer Filamenta');
      const how = p.page.getByRole('region', { name: 'Comment définir SETUP_TOKEN' });
      await how.getByText('SETUP_TOKEN n’est pas défini : rien ne peut encore être installé depuis cette page.').waitFor();
      // Node at the root: the .env line first, marked as the likely case; admin:create always offered.
      await expect
        .poll(async () => (await how.getByRole('listitem').allTextContents())[0])
        .toMatch(/^Probablement votre cas : Tout hébergement : ajoutez une ligne SETUP_TOKEN=/);
      await how.getByText(/npm run admin:create/).waitFor();
      expect(await p.page.getByRole('button', { name: 'Appliquer les migrations' }).count()).toBe(0);
      await p.check('install-no-token');
    }),
  );

  scenario(
    'core',
    'a visitor asking for a page is sent to sign in, in the browser’s language, signs in with the keyboard alone, and lands on the page asked for',
    async () => {
      const p = await person('sign-in');
      await p.page.goto(site.url('/admin/users'));
      await heading(p.page, 'Sign in');
      expect(new URL(p.page.url()).pathname).toBe(`${site.base}/admin/sign-in`);
      await p.check('sign-in');
      // With the keyboard alone. The page's heading has the focus (a screen reader says where one
      // landed); before it come the site's name and the skip link, after it the fields. Focus shows.
      expect((await focused(p.page)).text).toBe('Sign in');
      await p.page.keyboard.press('Shift+Tab');
      await p.page.keyboard.press('Shift+Tab');
      expect(await focused(p.page)).toEqual({ text: 'Skip to the content', outline: true });
      await p.page.keyboard.press('Tab');
      await p.page.keyboard.press('Tab');
      expect(await focused(p.page)).toEqual({ text: 'Username or email address', outline: true });
      await p.page.keyboard.type(site.admin.email);
      await p.page.keyboard.press('Tab');
      await p.page.keyboard.type(PASSWORD);
      await p.page.keyboard.press('Enter');
      await heading(p.page, 'Users');
      expect(new URL(p.page.url()).pathname).toBe(`${site.base}/admin/users`);
      await p.page.getByRole('row', { name: /ada/ }).waitFor();
      await p.check('users');
      // The refresh token is in an HttpOnly cookie scoped to the auth path, never in the page's storage.
      const cookies = await p.context.cookies(site.url('/api/v1/auth/refresh'));
      expect(cookies.map(({ name, httpOnly, sameSite, path }) => ({ name, httpOnly, sameSite, path }))).toEqual([
        { name: 'filamenta_refresh', httpOnly: true, sameSite: 'Strict', path: `${site.base}/api/v1/auth` },
      ]);
      expect(await p.context.cookies(site.url('/admin/users'))).toEqual([]);
      expect(await storedInBrowser(p.page)).toEqual({ localStorage: ['filamenta.preferences'], sessionStorage: [] });
      // A reload stays signed in, on the same page (a new access token from the cookie).
      await p.page.reload();
      await heading(p.page, 'Users');
      // A deep link opened directly serves the same console, its assets found from the nested path.
      await p.page.goto(site.url(`/admin/users/${site.admin.id}`));
      await heading(p.page, `Account ${site.admin.username}`);
      // Signing out clears the cookie: a reload then asks to sign in.
      await p.page.getByRole('button', { name: 'Sign out' }).click();
      await heading(p.page, 'Sign in');
      await expect.poll(() => p.context.cookies(site.url('/api/v1/auth/refresh'))).toEqual([]);
      await p.page.goto(site.url('/admin/users'));
      await heading(p.page, 'Sign in');
      expect(await storedInBrowser(p.page)).toEqual({ localStorage: ['filamenta.preferences'], sessionStorage: [] });
    },
  );

  scenario(
    'ui',
    'the French console: an account whose language is French sees the console in French, then chooses English and the dark theme',
    async () => {
      const amelie = await site.account('amelie', 'admin', 'fr');
      const p = await person('french');
      await signedIn(site, p, amelie, 'Tableau de bord');
      await p.page.getByText('Bienvenue, amelie (Administrateur).').waitFor();
      expect(await p.page.locator('html').getAttribute('lang')).toBe('fr');
      await p.check('dashboard-fr');
      await nav(p.page, 'Mon compte');
      await heading(p.page, 'Mon compte');
      const preferences = p.page.getByRole('form', { name: 'Préférences' });
      await preferences.getByLabel('Thème').selectOption({ label: 'Sombre' });
      await preferences.getByLabel('Langue').selectOption({ label: 'English' });
      await preferences.getByRole('button', { name: 'Enregistrer' }).click();
      await heading(p.page, 'My account');
      expect(await p.page.locator('html').getAttribute('data-theme')).toBe('dark');
      expect(await p.page.locator('html').getAttribute('lang')).toBe('en');
      await p.check('account-dark');
      await nav(p.page, 'Dashboard');
      await heading(p.page, 'Dashboard');
      await p.check('dashboard-dark');
      const stored = await site.api<{ theme: string; language: string }>('GET', '/api/v1/me/preferences', { token: amelie.token });
      expect(stored.body).toMatchObject({ theme: 'dark', language: 'en' });
    },
  );

  scenario(
    'core',
    'a member sets up two-factor authentication from the secret the page shows, keeps the backup codes, and signs in with a code and with a backup code',
    async () => {
      const bob = await site.account('bob', 'member');
      const p = await person('two-factor');
      await signedIn(site, p, bob);
      await nav(p.page, 'My account');
      await p.page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      await p.page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      const secret = (await p.page.getByLabel('Secret key').textContent())!.replace(/\s/g, '');
      await p.check('two-factor-setup');
      await p.page.getByLabel('Code from the app').fill(totpNow(secret));
      await p.page.getByRole('button', { name: 'Turn it on' }).click();
      const codes = p.page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem');
      await codes.first().waitFor();
      const backup = (await codes.allTextContents()).map((c) => c.trim());
      expect(backup).toHaveLength(10);
      await p.check('two-factor-backup-codes');
      await p.page.getByRole('button', { name: 'Copy the codes' }).click();
      await says(p.page, 'The codes are copied.');
      expect(await p.page.evaluate('navigator.clipboard.readText()')).toBe(`${backup.join('\n')}\n`);
      const [download] = await Promise.all([
        p.page.waitForEvent('download'),
        p.page.getByRole('button', { name: 'Download the codes' }).click(),
      ]);
      expect(readFileSync((await download.path())!, 'utf8')).toBe(`${backup.join('\n')}\n`);
      await p.page.getByRole('button', { name: 'I have saved them' }).click();
      await says(p.page, 'Two-factor authentication is on.');

      // Signing in now asks for a code: the app's next one (this one was spent turning it on).
      await p.page.getByRole('button', { name: 'Sign out' }).click();
      await heading(p.page, 'Sign in');
      await signIn(p.page, 'bob');
      await p.page.getByLabel('Authentication code').waitFor();
      await p.check('sign-in-code');
      await p.page.getByLabel('Authentication code').fill(totpNow(secret, 1));
      await p.page.getByRole('button', { name: 'Verify' }).click();
      await heading(p.page, 'Dashboard');

      // And a backup code works once.
      await p.page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(p.page, 'bob');
      await p.page.getByLabel('Authentication code').fill(backup[0]);
      await p.page.getByRole('button', { name: 'Verify' }).click();
      await heading(p.page, 'Dashboard');
      await p.page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(p.page, 'bob');
      p.expectFailedRequest(401);
      await p.page.getByLabel('Authentication code').fill(backup[0]);
      await p.page.getByRole('button', { name: 'Verify' }).click();
      await says(p.page, 'Wrong or already used code.');
      await p.check('sign-in-code-refused');

      // Another backup code signs in, and turns two-factor authentication off with the password.
      await p.page.getByLabel('Authentication code').fill(backup[1]);
      await p.page.getByRole('button', { name: 'Verify' }).click();
      await heading(p.page, 'Dashboard');
      await nav(p.page, 'My account');
      const off = p.page.getByRole('form', { name: 'Turn two-factor authentication off' });
      await off.getByLabel('Current password').fill(PASSWORD);
      await off.getByLabel('Code from the app').fill(backup[2]);
      await off.getByRole('button', { name: 'Turn two-factor authentication off' }).click();
      await says(p.page, 'Two-factor authentication is off.');
      await p.page.getByRole('button', { name: 'Set up two-factor authentication' }).waitFor();
      const me = await site.api<{ twoFactorEnabled: boolean }>('GET', '/api/v1/me', { token: bob.token });
      expect(me.body.twoFactorEnabled).toBe(false);
    },
  );

  scenario(
    'ui',
    'a member changes their username, their email with the current password, and their password, then signs in with it',
    async () => {
      await site.account('frank', 'member');
      const p = await person('account');
      await signedIn(site, p, { username: 'frank' } as Account);
      await nav(p.page, 'My account');
      const profile = p.page.getByRole('form', { name: 'Profile' });
      await profile.getByLabel('Username', { exact: true }).fill('franklin');
      await profile.getByRole('button', { name: 'Save' }).click();
      await says(p.page, 'Saved.');
      await p.page.getByText('Signed in as franklin').waitFor();

      const email = p.page.getByRole('form', { name: 'Email address' });
      await email.getByLabel('New email address').fill('franklin@example.com');
      p.expectFailedRequest(401);
      await email.getByLabel('Current password').fill('not my password');
      await email.getByRole('button', { name: 'Change the address' }).click();
      await says(p.page, 'Your current password is not right.');
      await email.getByLabel('Current password').fill(PASSWORD);
      await email.getByRole('button', { name: 'Change the address' }).click();
      await says(p.page, 'Your address is changed. Confirm it with the link sent to it.');
      await p.page.getByText('Your address franklin@example.com is not confirmed yet.').waitFor();
      await linkIn(site, 'franklin@example.com', /Confirm your email/);
      await p.check('account');

      const password = p.page.getByRole('form', { name: 'Password' });
      await password.getByLabel('Current password').fill(PASSWORD);
      await password.getByLabel('New password', { exact: true }).fill('another long passphrase');
      await password.getByLabel('New password again').fill('another long passphrase, typo');
      await password.getByRole('button', { name: 'Change the password' }).click();
      await says(p.page, 'The two passwords differ.');
      await password.getByLabel('New password again').fill('another long passphrase');
      await password.getByRole('button', { name: 'Change the password' }).click();
      await heading(p.page, 'Sign in');
      await says(p.page, /Your password is changed and every session has ended/);
      await signIn(p.page, 'franklin', 'another long passphrase');
      await heading(p.page, 'Dashboard');
    },
  );

  scenario('ui', 'wrong passwords lock an account, and the sign-in page says how long to wait', async () => {
    await site.account('carol', 'member');
    const p = await person('lockout');
    await p.page.goto(site.url('/admin/sign-in'));
    p.expectFailedRequest(401);
    p.expectFailedRequest(429);
    for (let attempt = 1; attempt <= 2; attempt++) {
      await signIn(p.page, 'carol', `wrong password ${attempt}`);
      await says(p.page, 'Wrong username, email address or password.');
    }
    await signIn(p.page, 'carol', 'wrong password 3');
    await says(p.page, 'Too many attempts. Try again in 15 minutes.');
    await p.check('locked');
    // Even the right password now waits.
    await signIn(p.page, 'carol');
    await says(p.page, /Too many attempts\. Try again in 1[45] minutes\./);
  });

  scenario(
    'core',
    'an editor writes a draft, is kept from leaving it unsaved, publishes it, settles a conflicting edit, and deletes it',
    async () => {
      const edith = await site.account('edith', 'editor');
      const p = await person('content');
      await signedIn(site, p, edith);
      await nav(p.page, 'Content');
      await heading(p.page, 'Content');
      await p.page.getByRole('link', { name: 'New content' }).click();
      await heading(p.page, 'New content');
      await p.page.getByLabel('Title', { exact: true }).fill('Crème brûlée');
      await p.page.getByLabel('Body', { exact: true }).fill('Custard, then burnt sugar.');
      await p.check('content-new');
      await p.page.getByRole('button', { name: 'Create the draft' }).click();
      await heading(p.page, 'Edit “Crème brûlée”');
      const id = Number(/\/content\/(\d+)$/.exec(new URL(p.page.url()).pathname)?.[1]);
      expect(id).toBeGreaterThan(0);
      await p.page.getByText('Draft', { exact: true }).waitFor();

      // Unsaved changes: leaving asks first, and staying keeps them.
      await p.page.getByLabel('Title', { exact: true }).fill('Crème brûlée, the recipe');
      await nav(p.page, 'Content');
      const leave = p.page.getByRole('dialog', { name: 'Leave without saving?' });
      await leave.waitFor();
      await p.check('content-leave-dialog');
      await leave.getByRole('button', { name: 'Stay on the page' }).click();
      expect(await p.page.getByLabel('Title', { exact: true }).inputValue()).toBe('Crème brûlée, the recipe');
      await p.page.getByRole('button', { name: 'Save', exact: true }).click();
      await says(p.page, 'Saved.');
      await p.page.getByRole('button', { name: 'Publish' }).click();
      await says(p.page, 'Published.');
      await p.page.getByText('Published', { exact: true }).first().waitFor();
      await p.check('content-edit');
      await p.page.getByRole('button', { name: 'Archive' }).click();
      await says(p.page, 'Archived.');
      await p.page.getByRole('button', { name: 'Publish' }).click();
      await p.page.getByRole('button', { name: 'Archive' }).waitFor();

      // Someone else saves in between: the editor overwrites knowingly.
      const path = `/api/v1/content/${id}`;
      const etag = (await site.api('GET', path, { token: edith.token })).headers.get('etag')!;
      await site.api('PATCH', path, { token: edith.token, headers: { 'If-Match': etag }, body: { body: 'Changed elsewhere.' } });
      p.expectFailedRequest(412);
      await p.page.getByLabel('Title', { exact: true }).fill('Crème brûlée (mine)');
      await p.page.getByRole('button', { name: 'Save', exact: true }).click();
      await says(p.page, /Someone else saved this item since you opened it/);
      await p.check('content-conflict');
      await p.page.getByRole('button', { name: 'Overwrite with my version' }).click();
      await p.page
        .getByRole('dialog', { name: 'Overwrite their changes?' })
        .getByRole('button', { name: 'Overwrite with my version' })
        .click();
      await heading(p.page, 'Edit “Crème brûlée (mine)”');
      const mine = await site.api<{ title: string; body: string }>('GET', path, { token: edith.token });
      expect(mine.body).toMatchObject({ title: 'Crème brûlée (mine)', body: 'Custard, then burnt sugar.' });

      // Again, and this time the editor takes their version.
      const etag2 = mine.headers.get('etag')!;
      await site.api('PATCH', path, { token: edith.token, headers: { 'If-Match': etag2 }, body: { title: 'Crème brûlée (theirs)' } });
      await p.page.getByLabel('Excerpt').fill('Mine, to be dropped.');
      await p.page.getByRole('button', { name: 'Save', exact: true }).click();
      await p.page.getByRole('button', { name: 'Reload their version' }).click();
      await heading(p.page, 'Edit “Crème brûlée (theirs)”');
      expect(await p.page.getByLabel('Excerpt').inputValue()).not.toBe('Mine, to be dropped.');

      // The list finds it by its title and status.
      await nav(p.page, 'Content');
      await p.page.getByLabel('Search in titles').fill('brulee');
      await p.page.getByRole('button', { name: 'Apply the filters' }).click();
      await p.page.getByLabel('Status').selectOption({ label: 'Published' });
      await p.page.getByRole('row', { name: /Crème brûlée \(theirs\)/ }).waitFor();
      expect(new URL(p.page.url()).search).toBe('?q=brulee&status=published');
      await p.check('content-list');

      await p.page.getByRole('link', { name: 'Crème brûlée (theirs)' }).click();
      await p.page.getByRole('button', { name: 'Delete' }).click();
      const confirmDelete = p.page.getByRole('dialog', { name: 'Delete this item?' });
      await confirmDelete.waitFor();
      await confirmDelete.getByRole('button', { name: 'Delete' }).click();
      await says(p.page, '“Crème brûlée (theirs)” is deleted.');
      await heading(p.page, 'Content');
      expect(await p.page.getByRole('row', { name: /Crème brûlée/ }).count()).toBe(0);
    },
  );

  scenario(
    'core',
    'an administrator creates an account with a role, changes it, is refused demoting their own account, and deletes the account softly then for good',
    async () => {
      const p = await person('users');
      await signedIn(site, p, site.admin);
      await nav(p.page, 'Users');
      await p.page.getByRole('link', { name: 'New user' }).click();
      await heading(p.page, 'New user');
      await p.page.getByLabel('Username', { exact: true }).fill('dave');
      await p.page.getByLabel('Email address', { exact: true }).fill('dave@example.com');
      await p.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await p.page.getByLabel('Role').selectOption({ label: 'Editor' });
      await p.check('user-new');
      await p.page.getByRole('button', { name: 'Create the account' }).click();
      await heading(p.page, 'Account dave');
      await p.page.getByLabel('Role').selectOption({ label: 'Member' });
      await p.page.getByRole('switch', { name: 'Active' }).uncheck();
      await p.page.getByRole('switch', { name: 'Email address confirmed' }).check();
      await p.page.getByRole('button', { name: 'Save', exact: true }).click();
      await says(p.page, 'The account dave is saved.');
      await p.check('user-edit');
      const dave = await site.api<{ role: string; active: boolean; emailVerified: boolean }>('GET', `/api/v1/users?q=dave`, {
        token: site.admin.token,
      });
      expect(dave.body).toMatchObject({ items: [{ username: 'dave', role: 'member', active: false, emailVerified: true }] });

      // Their own account: the API's refusal, in words.
      await nav(p.page, 'Users');
      await p.page.getByRole('link', { name: 'ada', exact: true }).click();
      await heading(p.page, 'Account ada');
      p.expectFailedRequest(403);
      await p.page.getByLabel('Role').selectOption({ label: 'Member' });
      await p.page.getByRole('button', { name: 'Save', exact: true }).click();
      await says(p.page, /You cannot demote, deactivate or delete your own account/);
      await p.check('user-self-refused');

      await nav(p.page, 'Users');
      await p.page.getByLabel('Search by username or email').fill('dave');
      await p.page.getByRole('button', { name: 'Apply the filters' }).click();
      await p.page.getByRole('link', { name: 'dave', exact: true }).click();
      await p.page.getByRole('button', { name: 'Delete', exact: true }).click();
      await p.page.getByRole('dialog', { name: 'Delete dave?' }).getByRole('button', { name: 'Delete', exact: true }).click();
      await says(p.page, 'The account dave is deleted.');
      await p.page.getByLabel('Deleted accounts').selectOption({ label: 'Only them' });
      await p.page.getByRole('row', { name: /dave/ }).getByText('deleted').waitFor();
      await p.page.getByRole('link', { name: 'dave', exact: true }).click();
      await p.page.getByRole('button', { name: 'Delete for good' }).click();
      await p.page.getByRole('dialog', { name: 'Delete dave for good?' }).getByRole('button', { name: 'Delete for good' }).click();
      await says(p.page, 'The account dave is deleted for good.');
      const gone = await site.api<{ total: number }>('GET', '/api/v1/users?q=dave&deleted=true', { token: site.admin.token });
      expect(gone.body.total).toBe(0);
    },
  );

  scenario(
    'core',
    'an administrator changes settings of every kind, keeps the stored mail password by leaving it empty, and tests the mail',
    async () => {
      const p = await person('settings');
      await signedIn(site, p, site.admin);
      await nav(p.page, 'Settings');
      await heading(p.page, 'Settings');
      const siteForm = p.page.getByRole('form', { name: 'Site' });
      expect(await siteForm.getByLabel('Default language (mails to accounts that chose none)').inputValue()).toBe('en');
      await siteForm.getByLabel('Site name').fill('Filamenta under test');
      await saveSettings(p.page, siteForm);
      await p.page.getByRole('link', { name: 'Filamenta under test' }).waitFor();

      const accounts = p.page.getByRole('form', { name: 'Accounts' });
      await accounts.getByRole('switch', { name: 'Anyone may create an account' }).check();
      await accounts.getByLabel('Password reset links last (minutes)').fill('45');
      await saveSettings(p.page, accounts);

      const mail = p.page.getByRole('form', { name: 'Mail' });
      expect(await mail.getByLabel('Mail server password').inputValue()).toBe('');
      await mail.getByText('Stored. Leave empty to keep it.').first().waitFor();
      await mail.getByLabel('Sender name').fill('Console Mailer');
      await mail.getByLabel('Mail format').selectOption({ label: 'Plain text only' });
      await saveSettings(p.page, mail);
      await p.check('settings');

      // The stored login still works: the server requires it.
      await p.page.getByRole('button', { name: 'Send a test mail' }).click();
      await says(p.page, 'A test mail went to ada@example.com (through the server in these settings).');
      const test = await site.smtp.waitFor((m) => m.to.includes('ada@example.com') && /Console Mailer/.test(m.from));
      expect(test.html).toBeUndefined();

      // A wrong password is the mail server's refusal, in words; the right one again fixes it.
      p.expectFailedRequest(502);
      await mail.getByLabel('Mail server password').fill('not the password');
      await saveSettings(p.page, mail);
      await p.page.getByRole('button', { name: 'Send a test mail' }).click();
      await says(p.page, 'The mail server refused the test mail.');
      await p.check('settings-smtp-refused');
      await mail.getByLabel('Mail server password').fill('mail-secret-42');
      await saveSettings(p.page, mail);

      await nav(p.page, 'Dashboard');
      await nav(p.page, 'Settings');
      expect(await p.page.getByRole('switch', { name: 'Anyone may create an account' }).isChecked()).toBe(true);
      expect(await p.page.getByLabel('Password reset links last (minutes)').inputValue()).toBe('45');
      const stored = await site.api<Record<string, unknown>>('GET', '/api/v1/settings', { token: site.admin.token });
      expect(stored.body).toMatchObject({
        site_name: 'Filamenta under test',
        registration_enabled: true,
        password_reset_token_expiry_minutes: 45,
        smtp_from_name: 'Console Mailer',
        email_format: 'txt_only',
        smtp_password: '********',
      });
    },
  );

  scenario(
    'core',
    'a visitor registers in Spanish, confirms the address through the mailed link, and resets a forgotten password through the mailed link',
    async () => {
      await site.api('PATCH', '/api/v1/settings', { token: site.admin.token, body: { registration_enabled: true } });
      const p = await person('accounts-es', { locale: 'es-ES' });
      await p.page.goto(site.url('/admin/sign-in'));
      await heading(p.page, 'Iniciar sesión');
      await p.page.getByRole('link', { name: 'Crear una cuenta' }).click();
      await heading(p.page, 'Crear una cuenta');
      await p.page.getByLabel('Nombre de usuario', { exact: true }).fill('lucia');
      await p.page.getByLabel('Correo electrónico', { exact: true }).fill('lucia@example.com');
      await p.page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
      await p.check('register');
      await p.page.getByRole('button', { name: 'Crear la cuenta' }).click();
      await says(p.page, /Su cuenta está creada/);

      // A new link retires the first one: the page asks for it, the mail brings it.
      await linkIn(site, 'lucia@example.com', /Confirm your email/);
      await p.page.goto(site.url('/admin/resend-verification'));
      await p.page.getByLabel('Correo electrónico', { exact: true }).fill('lucia@example.com');
      await p.page.getByRole('button', { name: 'Enviar un nuevo enlace' }).click();
      await says(p.page, /Si una cuenta sin confirmar usa este correo/);
      const verify = await linkIn(site, 'lucia@example.com', /Confirm your email/);
      expect(new URL(verify).pathname).toBe(`${site.base}/admin/verify-email`);
      await p.page.goto(verify);
      await heading(p.page, 'Confirmar su correo electrónico');
      await p.page.getByRole('button', { name: 'Confirmar mi correo' }).click();
      await says(p.page, 'Su correo electrónico está confirmado.');
      await p.check('verify-email');

      await p.page.goto(site.url('/admin/sign-in'));
      await p.page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
      await p.page.getByLabel('Correo electrónico', { exact: true }).fill('lucia@example.com');
      await p.page.getByRole('button', { name: 'Enviar el enlace' }).click();
      await says(p.page, /Si alguna cuenta usa este correo/);
      const reset = await linkIn(site, 'lucia@example.com', /Reset your/);
      expect(new URL(reset).pathname).toBe(`${site.base}/admin/reset-password`);
      await p.page.goto(reset);
      await heading(p.page, 'Elegir una nueva contraseña');
      await p.page.getByLabel('Nueva contraseña', { exact: true }).fill('a brand new passphrase');
      await p.page.getByLabel('Nueva contraseña, otra vez').fill('a brand new passphrase');
      await p.check('reset-password');
      await p.page.getByRole('button', { name: 'Cambiar la contraseña' }).click();
      await says(p.page, 'Su contraseña ha cambiado. Inicie sesión con ella.');
      await p.page.getByRole('link', { name: 'Ir a iniciar sesión' }).click();
      await signIn(p.page, 'lucia', 'a brand new passphrase', {
        login: 'Nombre de usuario o correo electrónico',
        password: 'Contraseña',
        submit: 'Iniciar sesión',
      });
      // Signed in, an account that chose no language (null) keeps the browser's: Spanish.
      await heading(p.page, 'Panel');
    },
  );

  scenario(
    'ui',
    'an administrator reads the dashboard, the audit log with a filter and an event’s details, and the contact messages',
    async () => {
      await site.api('POST', '/api/v1/contact', {
        body: { name: 'Grace Hopper', email: 'grace@example.com', message: 'A bug in relay 70.' },
      });
      const p = await person('admin-pages');
      await signedIn(site, p, site.admin);
      await p.page.getByText('Ready', { exact: true }).waitFor();
      // The version, read through the generated client like the readiness.
      await p.page
        .getByRole('region', { name: 'Version' })
        .getByText(/^filamenta \d+\.\d+\.\d+/)
        .waitFor();
      await p.page.getByRole('region', { name: 'Accounts' }).getByText('All accounts').waitFor();
      await p.check('dashboard');
      await nav(p.page, 'Audit log');
      await heading(p.page, 'Audit log');
      await p.page.getByLabel('Event', { exact: true }).selectOption({ label: 'Signed in' });
      await p.page.getByRole('button', { name: 'Apply the filters' }).click();
      const row = p.page.getByRole('row', { name: /Signed in/ }).first();
      await row.waitFor();
      expect(await p.page.getByRole('row', { name: /Account created/ }).count()).toBe(0);
      await row.getByText('Details').click();
      await row.getByText('Address').waitFor();
      await p.check('audit');
      await nav(p.page, 'Messages');
      await heading(p.page, 'Contact messages');
      await p.page.getByRole('row', { name: /Grace Hopper/ }).waitFor();
      await p.check('messages');
    },
  );
}
