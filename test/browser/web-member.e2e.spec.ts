import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { unique } from '../support/api-client.js';
import { checkPage, launchBrowser, openWatched, signInAsNew, uniqueName, type Watched } from '../support/browser.js';
import { account, addContact, respond } from '../support/intro-helpers.js';
import { testRun } from '../support/test-env.js';

/** A job seeker's whole journey in a real browser against the real stack, on a phone and on a laptop. */
describe.each([360, 1280])('web app: a member at %i px', (width) => {
  let browser: Browser;
  let w: Watched;

  beforeAll(async () => {
    browser = await launchBrowser();
    w = await openWatched(browser, testRun().apiUrl, width);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('maps a network, finds people doing the work, is pointed to a contact they know, asks, records the outcome, imports, and leaves', async () => {
    const { page } = w;
    // A volunteer the member knows, who knows a paramedic (set up through the API; the member adds the volunteer in the browser).
    const [broker, target] = await Promise.all([account(['VOLUNTEER'], unique('Bo Broker')), account(['MEMBER'], unique('Tess Target'))]);
    await addContact(broker, {
      displayName: target.name,
      email: target.email,
      context: 'EX_COLLEAGUE',
      strength: 0.8,
      roles: [{ title: 'Paramedic', organisation: 'Yorkshire Ambulance Service' }],
    });
    const me = uniqueName('Maya');
    await signInAsNew(w, me, 'Job seeker');
    await page.getByRole('heading', { name: 'My network' }).waitFor();
    await page.getByText('Add the people you know to get started').waitFor();
    await checkPage(w, 'network-empty');

    // Add someone: a missing name is caught here, a bad email by the API, shown at its field.
    await page.getByRole('link', { name: 'Add someone' }).click();
    await page.getByRole('heading', { name: 'Add someone you know' }).waitFor();
    await page.getByRole('button', { name: 'Add to my network' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Enter their name' }).waitFor();
    await page.getByLabel('Their name').fill('Pat Paramedic');
    await page.getByLabel('Email address').fill('not an email');
    await page.getByRole('button', { name: 'Add to my network' }).click();
    const emailError = page.locator('#email-error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toMatch(/email/i);
    await page.getByRole('alert').getByRole('link').first().click();
    expect(await page.evaluate('document.activeElement.id')).toBe('email');
    await checkPage(w, 'contact-add-error');
    await page.getByLabel('Email address').fill('');
    await page.getByLabel('How you know them').selectOption({ label: 'Used to work together' });
    await page.getByRole('radio', { name: 'Very well' }).check();
    await page.getByLabel('Their job (optional)').fill('Paramedic');
    await page.getByLabel('Where they work (optional)').fill('Yorkshire Ambulance Service');
    await page.getByRole('button', { name: 'Add to my network' }).click();
    await page.getByRole('heading', { name: 'Pat Paramedic' }).waitFor();

    await page.getByRole('link', { name: 'Add someone' }).click();
    await page.getByLabel('Their name').fill('Robin Neighbour');
    await page.getByLabel('How you know them').selectOption({ label: 'Neighbour' });
    await page.getByRole('button', { name: 'Add to my network' }).click();
    await page.getByRole('heading', { name: 'Robin Neighbour' }).waitFor();
    await page.getByRole('link', { name: 'Add someone' }).click();
    await page.getByLabel('Their name').fill(broker.name);
    await page.getByLabel('Email address').fill(broker.email);
    await page.getByLabel('How you know them').selectOption({ label: 'Friend' });
    await page.getByRole('radio', { name: 'Very well' }).check();
    await page.getByRole('button', { name: 'Add to my network' }).click();
    await page.getByRole('heading', { name: broker.name }).waitFor();
    await checkPage(w, 'network');

    // Search and filter.
    await page.getByLabel('Search by name or work').fill('paramedic');
    await page.getByRole('button', { name: 'Show people' }).click();
    await page.getByText('1 person found').waitFor();
    expect(await page.getByRole('heading', { name: 'Robin Neighbour' }).count()).toBe(0);
    await page.getByLabel('Search by name or work').fill('');
    await page.getByLabel('How you know them').selectOption({ label: 'Neighbour' });
    await page.getByRole('button', { name: 'Show people' }).click();
    await page.getByText('1 person found').waitFor();
    await page.getByRole('heading', { name: 'Robin Neighbour' }).waitFor();
    await checkPage(w, 'network-filtered');

    // Edit.
    await page.getByRole('link', { name: 'Change Robin Neighbour' }).click();
    await page.getByRole('heading', { name: 'Change how you know Robin Neighbour' }).waitFor();
    await page.getByRole('radio', { name: 'Well', exact: true }).check();
    await page.getByLabel('How you met (optional)').fill('Lives next door');
    await checkPage(w, 'contact-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'My network' }).waitFor();
    await page.getByText('you know them well', { exact: false }).first().waitFor();

    // Work goals, then people who do that work, with the reason for each.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find people' }).click();
    await page.getByRole('heading', { name: 'People who do the work you want' }).waitFor();
    await page.getByRole('link', { name: 'Change the work you want' }).click();
    await page.getByLabel('The work you want').fill('Paramedic');
    await page.getByLabel('Where (optional)').fill('Leeds');
    await checkPage(w, 'goals');
    await page.getByRole('button', { name: 'Save and find people' }).click();
    const path = page.locator('li.card').filter({ hasText: 'Pat Paramedic' });
    await path.waitFor();
    expect((await path.textContent())?.length).toBeGreaterThan(20);
    await checkPage(w, 'find-people');

    // Pat is the member's own contact: asking for an introduction is answered with their contact instead.
    await path.getByRole('link', { name: /Ask for an introduction/ }).click();
    await page.getByRole('heading', { name: 'Ask for an introduction' }).waitFor();
    await page.getByLabel('Your message').fill('Could we talk about the job?');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByRole('heading', { name: 'You already know them' }).waitFor();
    await page.getByText(/in your contacts as Pat Paramedic/).waitFor();
    await checkPage(w, 'introduction-known');
    await page.getByRole('link', { name: 'See how you can reach them' }).click();
    await page.getByRole('heading', { name: 'Pat Paramedic' }).waitFor();

    // Ask for an introduction through the volunteer, with a message.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find people' }).click();
    const through = page.locator('li.card').filter({ hasText: broker.name }).first();
    await through.waitFor();
    await through.getByRole('link', { name: /Ask for an introduction/ }).click();
    await page.getByRole('heading', { name: 'Ask for an introduction' }).waitFor();
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.locator('#message-error').waitFor();
    await page.getByLabel('Your message').fill('I am training to be a paramedic. Could we talk for 20 minutes?');
    await checkPage(w, 'request-introduction');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByRole('heading', { name: /Introduction to/ }).waitFor();
    await page.getByText('Request sent').waitFor();
    await checkPage(w, 'introduction-sent');

    // The volunteer agrees, then the paramedic (through the API: their own journeys are the volunteer's and member's pages).
    const requestId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await respond(broker, requestId, true);
    await respond(target, requestId, true);

    // My introductions: introduced, with contact details; record how it went.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Introductions' }).click();
    await page.getByRole('heading', { name: 'My introductions' }).waitFor();
    await page.locator('.tag', { hasText: 'Introduced' }).first().waitFor();
    await checkPage(w, 'introductions');
    await page.getByRole('link', { name: /^To / }).first().click();
    await page.getByRole('heading', { name: 'Contact details' }).waitFor();
    await page.getByRole('button', { name: 'Save how it went' }).click();
    await page.locator('#met-error').waitFor();
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('radio', { name: 'I got advice' }).check();
    await page.getByRole('button', { name: 'Save how it went' }).click();
    await page.getByText('How it went').waitFor();
    await checkPage(w, 'introduction-outcome');

    // Import a LinkedIn export: progress, then the rows that could not be imported.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My network' }).click();
    await page.getByRole('link', { name: 'Import contacts' }).click();
    await page.getByRole('radio', { name: /LinkedIn/ }).check();
    await page.getByLabel('Upload the file').setInputFiles({
      name: 'Connections.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(join(process.cwd(), 'graph', 'demo', 'linkedin-connections.csv')),
    });
    await checkPage(w, 'import');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: /not imported/ }).waitFor();
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    await checkPage(w, 'import-finished');

    // The map, loaded as its own chunk.
    await page.getByRole('link', { name: 'See my network' }).click();
    await page.getByRole('link', { name: 'See my network as a map' }).click();
    await page.locator('canvas[data-settled]').waitFor();
    expect(Number(await page.locator('canvas').getAttribute('data-contacts'))).toBeGreaterThanOrEqual(2);
    await checkPage(w, 'network-map');

    // Remove a contact.
    await page.getByRole('link', { name: 'Back to my network' }).click();
    await page.getByRole('link', { name: 'Remove Robin Neighbour' }).click();
    await page.getByRole('heading', { name: 'Remove Robin Neighbour from your network?' }).waitFor();
    await checkPage(w, 'contact-remove');
    await page.getByRole('button', { name: 'Remove Robin Neighbour' }).click();
    await page.getByRole('heading', { name: 'My network' }).waitFor();
    await page.getByRole('heading', { name: 'Pat Paramedic' }).waitFor();
    await page.getByRole('heading', { name: 'Robin Neighbour' }).waitFor({ state: 'detached' });

    // Download my data, then delete the account.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My data' }).click();
    await checkPage(w, 'my-data');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported).toContain('Pat Paramedic');
    await page.getByRole('link', { name: /Delete my account/ }).click();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.locator('#confirm-error').waitFor();
    await checkPage(w, 'delete-account');
    await page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Your account has been deleted.').waitFor();

    expect(w.problems).toEqual([]);
    expect(w.checked.filter((c) => c.violations.length)).toEqual([]);
  }, 300_000);
});
