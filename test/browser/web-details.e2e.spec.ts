import { describe, expect, it } from '@jest/globals';
import { unique } from '../support/api-client.js';
import { checkPage, watchedPages, signInWithToken, uniqueName } from '../support/browser.js';
import { account, addContact, chain, pathTo, request, respond } from '../support/intro-helpers.js';

/** A member records how to reach a contact (one thing per page) and adds someone they were introduced to. */
describe.each([360, 1280])("web app: a contact's details at %i px", (width) => {
  const open = watchedPages(width);

  it("changes a contact's name, work, emails, phones and LinkedIn, reads them back, and sees each API error at its box", async () => {
    const member = await account(['MEMBER'], uniqueName('Nia'));
    const oldName = uniqueName('Sam');
    const firstEmail = `${unique('sam')}@example.org`;
    await addContact(member, { displayName: oldName, email: firstEmail, context: 'FRIEND', strength: 0.7 });
    const w = await open();
    const { page } = w;
    await signInWithToken(w, member.token, '/network');
    await page.getByRole('link', { name: oldName, exact: true }).click();
    await page.getByRole('heading', { name: oldName }).waitFor();
    await page.getByText(firstEmail).waitFor();
    await checkPage(w, 'contact-details');

    // Name: empty is caught here.
    await page.getByRole('link', { name: 'Change their name' }).click();
    await page.getByRole('heading', { name: 'What do you call them?' }).waitFor();
    await page.getByLabel('Their name').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Enter their name' }).waitFor();
    const newName = uniqueName('Samira');
    await page.getByLabel('Their name').fill(newName);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your changes are saved').waitFor();
    await page.getByRole('heading', { name: newName }).waitFor();

    // Emails: the API's complaint about the second box lands on the second box.
    await page.getByRole('link', { name: 'Change their email addresses' }).click();
    await page.getByRole('heading', { name: `Email addresses for ${newName}` }).waitFor();
    expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe(firstEmail);
    await page.getByLabel('Another email address (optional)').fill('sam at work');
    await page.getByRole('button', { name: 'Save' }).click();
    const emailError = page.locator('#email1-error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toContain('sam at work');
    await page.getByRole('alert').getByRole('link').first().click();
    expect(await page.evaluate('document.activeElement.id')).toBe('email1');
    await checkPage(w, 'contact-emails-error');
    const work = `${unique('sam.work')}@example.org`;
    await page.getByLabel('Another email address (optional)').fill(work);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your changes are saved').waitFor();
    await page.getByText(`${firstEmail}, ${work}`).waitFor();

    // Phones: read back in the form the service keeps.
    await page.getByRole('link', { name: 'Change their phone numbers' }).click();
    await page.getByLabel('Phone number', { exact: true }).fill('07911 123456');
    await checkPage(w, 'contact-phones');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your changes are saved').waitFor();
    await page.getByText('+447911123456').waitFor();

    // LinkedIn: a wrong address is explained at its box.
    await page.getByRole('link', { name: 'Change their LinkedIn profile' }).click();
    await page.getByLabel('LinkedIn profile address').fill('https://example.org/sam');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#linkedinUrl-error').waitFor();
    await checkPage(w, 'contact-linkedin-error');
    await page.getByLabel('LinkedIn profile address').fill('https://www.linkedin.com/in/samira-example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your changes are saved').waitFor();
    await page.getByText('linkedin.com/in/samira-example').waitFor();
    // Changing one kind of detail keeps the others.
    await page.getByText(`${firstEmail}, ${work}`).waitFor();
    await page.getByText('+447911123456').waitFor();

    // Work: a place without a job is caught here; two jobs are kept.
    await page.getByRole('link', { name: 'Change their work' }).click();
    await page.getByRole('heading', { name: `What work does ${newName} do?` }).waitFor();
    await page.locator('#organisation0').fill('Leeds Teaching Hospitals');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#title0-error').waitFor();
    await checkPage(w, 'contact-work-error');
    await page.locator('#title0').fill('Staff nurse');
    await page.locator('#title1').fill('Volunteer first aider');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your changes are saved').waitFor();
    // The API keeps both jobs; their order is its own.
    await page.getByText(/Staff nurse, Leeds Teaching Hospitals/).waitFor();
    await page.getByText(/Volunteer first aider/).waitFor();
    await page.getByText(`${firstEmail}, ${work}`).waitFor();
    await checkPage(w, 'contact-details-saved');

    // The list shows the new name; the old one is gone.
    await page.getByRole('link', { name: 'Back to my network' }).click();
    await page.getByRole('link', { name: newName, exact: true }).waitFor();
    expect(await page.getByText(oldName, { exact: true }).count()).toBe(0);
  }, 300_000);

  it('adds someone they were introduced to in one step', async () => {
    const c = await chain('Occupational therapist');
    const intro = await request(c.member, await pathTo(c.member, 'Occupational therapist'), 'I am retraining in occupational therapy and would value advice.');
    await respond(c.broker, intro.id, true);
    await respond(c.target, intro.id, true);
    const w = await open();
    const { page } = w;
    await signInWithToken(w, c.member.token, `/introductions/${encodeURIComponent(intro.id)}`);
    await page.getByRole('heading', { name: 'Contact details' }).waitFor();
    await page.getByRole('button', { name: `Add ${c.target.name} to my network` }).click();
    await page.getByText(`${c.target.name} is in your network`).waitFor();
    await checkPage(w, 'introduced-added');
    await page.getByRole('link', { name: `See what you recorded about ${c.target.name}` }).click();
    await page.getByRole('heading', { name: c.target.name }).waitFor();
    await page.getByText(c.target.email.toLowerCase()).waitFor();
    await page.getByText('Introduced through Backr').waitFor();
  }, 300_000);
});
