import { describe, expect, it } from '@jest/globals';
import { gql, newUser, unique } from '../support/api-client.js';
import { checkPage, watchedPages, signInAsNew, signInWithToken, uniqueName } from '../support/browser.js';
import { account, chain, ok, pathTo, request, respond } from '../support/intro-helpers.js';

const ASSIGN = `mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { member { id } } }`;
const GOALS = `mutation($goals: [WorkGoalInput!]!) { setWorkGoals(goals: $goals) { work } }`;

/** Volunteers, coaches and admins in a real browser against the real stack, on a phone and on a laptop. */
describe.each([360, 1280])('web app: volunteers, coaches and admins at %i px', (width) => {
  const open = watchedPages(width);

  it('a volunteer answers an ask and sets capacity; the member watches the introduction change live', async () => {
    const c = await chain('Paramedic');
    const intro = await request(c.member, await pathTo(c.member, 'Paramedic'), 'Could your contact spare 20 minutes for advice about ambulance work?');

    // The member keeps the introduction open: it changes without a reload.
    const member = await open();
    await signInWithToken(member, c.member.token, `/introductions/${encodeURIComponent(intro.id)}`);
    await member.page.getByRole('heading', { name: /Introduction to/ }).waitFor();
    await member.page.locator('p[aria-live] .tag', { hasText: 'Asking people' }).waitFor();
    await checkPage(member, 'live-introduction-asking');

    const volunteer = await open();
    await signInWithToken(volunteer, c.broker.token, '/asks');
    await volunteer.page.getByRole('heading', { name: 'Asks for me' }).waitFor();
    const ask = volunteer.page.getByRole('link', { name: `${c.member.name} asks for your help` });
    await ask.waitFor();
    await checkPage(volunteer, 'volunteer-asks');
    await ask.click();
    await volunteer.page.getByRole('heading', { name: `Will you help ${c.member.name}?` }).waitFor();
    await volunteer.page.getByRole('button', { name: 'Send my answer' }).click();
    await volunteer.page.locator('#accept-error').waitFor();
    await volunteer.page.getByRole('radio', { name: 'Yes' }).check();
    await volunteer.page.getByLabel('A note (optional)').fill('Happy to pass this on.');
    await checkPage(volunteer, 'volunteer-answer');
    await volunteer.page.getByRole('button', { name: 'Send my answer' }).click();
    await volunteer.page.getByText('Nothing is waiting for you.').waitFor();
    await volunteer.page.getByText(/You are helping with 1 open introduction/).waitFor();

    // Settings: the API's own check on capacity shows at the field.
    await volunteer.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await volunteer.page.getByLabel('How many introductions you can help with at once').fill('99');
    await volunteer.page.getByRole('button', { name: 'Save settings' }).click();
    const capacityError = volunteer.page.locator('#brokerCapacity-error');
    await capacityError.waitFor();
    expect(await capacityError.textContent()).toContain('from 0 to 50');
    await checkPage(volunteer, 'volunteer-settings-error');
    await volunteer.page.getByLabel('How many introductions you can help with at once').fill('3');
    await volunteer.page.getByLabel(/Let Backr find introductions/).check();
    await volunteer.page.getByRole('button', { name: 'Save settings' }).click();
    await volunteer.page.getByText('Your settings are saved').waitFor();
    await volunteer.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Asks for me' }).click();
    await volunteer.page.getByText('You said you can take 3 at once').waitFor();
    await checkPage(volunteer, 'volunteer-load');

    // The target agrees (through the API); the member's open page shows it without a reload.
    await respond(c.target, intro.id, true);
    await member.page.locator('p[aria-live] .tag', { hasText: 'Introduced' }).waitFor({ timeout: 30_000 });
    await member.page.getByRole('heading', { name: 'Contact details' }).waitFor();
    await checkPage(member, 'live-introduction-introduced');
  }, 300_000);

  it('a coach follows a member, writes a note and adds an event', async () => {
    const coach = await account(['COACH'], uniqueName('Cora'));
    const member = await account(['MEMBER'], uniqueName('Milo'));
    const admin = await newUser(['ADMIN'], unique('Ada Admin'));
    ok(await gql(GOALS, { goals: [{ work: 'Youth worker', location: 'Bradford' }] }, member.token));
    ok(await gql(ASSIGN, { m: member.personId, c: coach.personId }, admin.token));

    const w = await open();
    await signInWithToken(w, coach.token, '/');
    await w.page.getByRole('heading', { name: 'My members' }).waitFor();
    await w.page.getByText('You coach 1 of the').waitFor();
    await checkPage(w, 'coach-caseload');
    await w.page.getByRole('link', { name: member.name }).click();
    await w.page.getByRole('heading', { name: member.name }).waitFor();
    await w.page.getByText('Youth worker in Bradford').waitFor();
    await w.page.getByRole('button', { name: 'Save note' }).click();
    await w.page.locator('#body-error').waitFor();
    await w.page.getByLabel('Your note').fill('Talked through youth work routes; next step is two introductions.');
    await w.page.getByRole('radio', { name: `Me and ${member.name}` }).check();
    await w.page.getByRole('button', { name: 'Save note' }).click();
    await w.page.getByText('shared with the member').waitFor();
    await checkPage(w, 'coach-member');

    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    await w.page.getByRole('link', { name: 'Add an event' }).click();
    await w.page.getByRole('button', { name: 'Add the event' }).click();
    await w.page.getByRole('alert').getByRole('link', { name: 'Enter the date of the event' }).waitFor();
    await checkPage(w, 'coach-event-errors');
    const title = `Care careers evening ${unique('e').slice(2)}`;
    await w.page.getByLabel('Name of the event').fill(title);
    const soon = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await w.page.getByLabel('Date').fill(soon);
    await w.page.getByLabel('Where (optional)').fill('Leeds Central Library');
    await w.page.getByRole('button', { name: 'Add the event' }).click();
    await w.page.getByRole('heading', { name: title }).waitFor();
    await checkPage(w, 'coach-events');
  }, 300_000);

  it("an admin sees coaches' workloads and the privacy log, and removes a person who objected by the address they give, a wrong one explained at its field", async () => {
    const w = await open();
    await signInAsNew(w, uniqueName('Ada'), 'Administrator');
    await w.page.getByRole('heading', { name: 'Administration' }).waitFor();
    await w.page.getByRole('heading', { name: 'Privacy log' }).waitFor();
    await checkPage(w, 'admin');
    await w.page.getByRole('link', { name: 'Remove a person who asked not to be held' }).click();
    await w.page.getByLabel('Their email address or phone number').fill('12');
    await w.page.getByRole('button', { name: 'Remove them' }).click();
    await w.page.locator('#address-error').getByText('not a valid phone number').waitFor();
    await checkPage(w, 'admin-suppress-error');
    await w.page.getByLabel('Their email address or phone number').fill(`${unique('objected')}@example.org`);
    await w.page.getByRole('button', { name: 'Remove them' }).click();
    await w.page.getByText('Nobody had recorded this address.').waitFor();
    await w.page.getByText('Nobody can add or import this address again.').waitFor();
    await checkPage(w, 'admin-suppress-done');
  }, 300_000);
});
