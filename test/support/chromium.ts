/**
 * Debian's Chromium as the browser tests and the console bench start it: /usr/bin/chromium driven
 * by playwright-core (`npx playwright install` downloads from a CDN, out of reach here), headless,
 * without the sandbox (root in CI), the GPU or background traffic. Playwright gives each launch a
 * fresh --user-data-dir of its own and removes it on close.
 */
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
