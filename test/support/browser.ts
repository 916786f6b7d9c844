import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testRun } from './test-env.js';

/** Debian's Chromium (scripts/setup.sh installs it); Playwright's own browser download does not work here. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const SCREENSHOTS = join(process.cwd(), 'web-screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  problems: string[];
  /** Every page checked with axe: its name and its serious or critical violations. */
  checked: { name: string; violations: string[] }[];
}

/** A fresh browser context at a width (360 or 1280), collecting console errors and page errors. */
export async function openWatched(browser: Browser, baseURL: string, width: number): Promise<Watched> {
  const context = await browser.newContext({ baseURL, viewport: { width, height: width < 600 ? 740 : 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  // Only the app's own pages count (an identity provider's login page is not ours to judge).
  page.on('console', (m) => {
    if (m.type() === 'error' && page.url().startsWith(baseURL)) problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems, checked: [] };
}

/**
 * Runs axe-core on the page as it is now (serious and critical violations kept) and writes a
 * full-page screenshot to web-screenshots/<width>/<name>.png.
 */
export async function checkPage(w: Watched, name: string): Promise<void> {
  const { page } = w;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // page.evaluate is not subject to the page's Content-Security-Policy, which stays on.
  await page.evaluate(axeSource);
  // A string, as this file compiles without the DOM's types; it runs in the page.
  const violations = await page.evaluate<string[]>(`(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map((n) => JSON.stringify(n.target)).join(', '));
  })()`);
  w.checked.push({ name, violations });
  const width = page.viewportSize()?.width ?? 0;
  mkdirSync(join(SCREENSHOTS, String(width)), { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, String(width), `${name}.png`), fullPage: true });
}

/** Signs in as a made-up account through the development sign-in page. */
export async function signInAsNew(w: Watched, name: string, role: 'Job seeker' | 'Volunteer' | 'Coach' | 'Administrator'): Promise<void> {
  const { page } = w;
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in to Backr' }).waitFor();
  await checkPage(w, 'sign-in');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('button', { name: 'Start' }).click();
}

/** Signs in with a token made by the test (dev sign-in keeps it in sessionStorage), then opens `path`. */
export async function signInWithToken(w: Watched, token: string, path: string): Promise<void> {
  await w.page.goto('/web-config.json');
  await w.page.evaluate(`sessionStorage.setItem('backr.dev-session', ${JSON.stringify(JSON.stringify({ token, kind: 'dev' }))})`);
  await w.page.goto(path);
}

/** A person's name that is new on every run, in letters only (as the sign-in page accepts). */
export function uniqueName(first: string): string {
  const letters = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  return `${first} ${letters.charAt(0).toUpperCase()}${letters.slice(1)}`;
}

/**
 * Inside a describe: one browser for its tests, and `open()` for a watched page at this width on the
 * test stack. Every page opened must end with no console errors and no serious or critical axe violations.
 */
export function watchedPages(width: number): () => Promise<Watched> {
  let browser: Browser | undefined;
  const opened: Watched[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const w of opened) {
      expect(w.problems).toEqual([]);
      expect(w.checked.filter((c) => c.violations.length)).toEqual([]);
    }
  });
  return async () => {
    const w = await openWatched(browser!, testRun().apiUrl, width);
    opened.push(w);
    return w;
  };
}
