/** The console in real Chromium, served by `node adapters/node.js` at the root of its origin, on SQLite. */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { ConsoleBrowser } from '../support/browser.ts';
import { describeWithChromium } from '../support/browser.ts';
import { type ConsoleSite, freshNodeSite, nodeSite } from '../support/console-site.ts';
import { consoleScenarios } from './scenarios.ts';

describeWithChromium('the console in Chromium: Node at the root, SQLite', () => {
  consoleScenarios(nodeSite, 'node', ['core', 'ui'], freshNodeSite);
});

describeWithChromium('the browser tests’ own checks', () => {
  let site: ConsoleSite;
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([nodeSite(), ConsoleBrowser.launch()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('record a CSP violation: the console’s policy refuses an inline script, and check() fails on it', async () => {
    const p = await browser.person('harness');
    await p.page.goto(site.url('/admin/sign-in'));
    await p.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // What an injected <script> would do: the page's policy (no inline script, Trusted Types) refuses it.
    const outcome = await p.page.evaluate(`(() => {
      const script = document.createElement('script');
      try { script.textContent = 'window.injected = true'; } catch (error) { return 'refused: ' + error.name; }
      document.body.append(script);
      return window.injected ? 'ran' : 'blocked';
    })()`);
    expect(outcome).not.toBe('ran');
    await expect.poll(() => p.problems.join('\n')).toMatch(/CSP violation: require-trusted-types-for/);
    await expect(p.check('harness')).rejects.toThrow(/console errors or CSP violations/);
  });
});
