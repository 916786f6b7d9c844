import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, openWatched, uniqueName, type Watched } from '../support/browser.js';
import { testRun } from '../support/test-env.js';

/** Presses Tab until the focused element has this accessible text (at most `max` times). */
async function tabTo(page: Page, text: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(
      `(() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent) || e.textContent || '').trim() : ''; })()`,
    );
    if (focused === text) return;
  }
  throw new Error(`"${text}" cannot be reached with the Tab key`);
}

/** Someone without a mouse, on a phone-sized screen: sign in, add a contact, fix a mistake. */
describe('web app: keyboard only at 360 px', () => {
  let browser: Browser;
  let w: Watched;

  beforeAll(async () => {
    browser = await launchBrowser();
    w = await openWatched(browser, testRun().apiUrl, 360);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in and adds someone with the keyboard alone, the error summary taking them to the field', async () => {
    const { page } = w;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Backr' }).waitFor();
    await tabTo(page, 'Skip to main content');
    await tabTo(page, 'Your name');
    await page.keyboard.type(uniqueName('Kit'));
    await tabTo(page, 'Job seeker');
    await page.keyboard.press('Space');
    await tabTo(page, 'Start');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'My network' }).waitFor();

    await tabTo(page, 'Add someone');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Add someone you know' }).waitFor();
    await tabTo(page, 'Add to my network');
    await page.keyboard.press('Enter');
    // The summary takes focus; its link moves focus to the field.
    await page.getByRole('alert').getByRole('link', { name: 'Enter their name' }).waitFor();
    await tabTo(page, 'Enter their name', 3);
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('displayName');
    await page.keyboard.type('Kay Keyboard');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Kay Keyboard' }).waitFor();
    await checkPage(w, 'keyboard-added');
    expect(w.problems).toEqual([]);
    expect(w.checked.filter((c) => c.violations.length)).toEqual([]);
  }, 180_000);
});
