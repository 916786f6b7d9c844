import { describe, expect, it } from '@jest/globals';
import { gql, unique } from '../support/api-client.js';
import { checkPage, watchedPages, signInWithToken, uniqueName } from '../support/browser.js';
import { account, ok } from '../support/intro-helpers.js';

const CREATE_EVENT = `mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }`;
const ATTEND = `mutation($e: ID!, $as: String) { recordAttendance(eventId: $e, listed: true, shownAs: $as) { id } }`;
const NOTE = `mutation($i: AddCoachNoteInput!) { addCoachNote(input: $i) { id } }`;
const EXPORT = `{ exportMyData }`;

const inWords = (d: Date) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(d);
const dateInput = (d: Date) => d.toISOString().slice(0, 10);

/** Events attendance, coach invitations and notes, a volunteer's away date and load, an admin's directory and log. */
describe.each([360, 1280])('web app: events, invitations, notes, load and administration at %i px', (width) => {
  const open = watchedPages(width);

  it('a member says they were at an event; a coach who went meets and invites them; the member says yes; the coach keeps paged notes', async () => {
    const [coach, member] = await Promise.all([account(['COACH'], uniqueName('Cleo')), account(['MEMBER'], uniqueName('Marek'))]);
    const title = `Care jobs fair ${unique('f').slice(2)}`;
    const eventId = ok(
      await gql<{ createEvent: { id: string } }>(
        CREATE_EVENT,
        { i: { title, startsAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Bradford College' } },
        coach.token,
      ),
    ).createEvent.id;

    // The member records attending, one question per page; the choice is caught when missing.
    const m = await open();
    await signInWithToken(m, member.token, `/events/${encodeURIComponent(eventId)}`);
    await m.page.getByRole('heading', { name: title }).waitFor();
    await checkPage(m, 'event-not-attended');
    await m.page.getByRole('link', { name: 'Say you were there' }).click();
    await m.page.getByRole('heading', { name: `Were you at ${title}?` }).waitFor();
    await m.page.getByRole('button', { name: 'I was there' }).click();
    await m.page.getByRole('alert').getByRole('link', { name: 'Select whether others who went can see you were there' }).waitFor();
    await checkPage(m, 'event-attend-error');
    await m.page.getByRole('radio', { name: 'Yes, put me on the list' }).check();
    const shownAs = `Marek from Leeds ${unique('x').slice(2, 6)}`;
    await m.page.getByLabel('The name others see (optional)').fill(shownAs);
    await m.page.getByRole('button', { name: 'I was there' }).click();
    await m.page.getByText('Your answer is saved').waitFor();
    await m.page.getByText(`Others who went see you as ${shownAs}.`).waitFor();
    await checkPage(m, 'event-attended');
    // Changing the listing: off the list, then back on.
    await m.page.getByRole('link', { name: 'Change how others who went see you' }).click();
    await m.page.getByRole('radio', { name: 'No, keep me off the list' }).check();
    await m.page.getByRole('button', { name: 'Save' }).click();
    await m.page.getByText('You are not on the list others who went can see.').waitFor();
    await m.page.getByRole('link', { name: 'Change how others who went see you' }).click();
    await m.page.getByRole('radio', { name: 'Yes, put me on the list' }).check();
    await m.page.getByLabel('The name others see (optional)').fill(shownAs);
    await m.page.getByRole('button', { name: 'Save' }).click();
    await m.page.getByText(`Others who went see you as ${shownAs}.`).waitFor();

    // The coach went too: sees the member as they chose to be shown, adds them as met, and invites them.
    ok(await gql(ATTEND, { e: eventId, as: 'Cleo the coach' }, coach.token));
    const c = await open();
    await signInWithToken(c, coach.token, `/events/${encodeURIComponent(eventId)}`);
    await c.page.getByRole('heading', { name: 'Who went' }).waitFor();
    await c.page.getByRole('button', { name: 'Add the people I met to my network' }).click();
    await c.page.getByRole('alert').getByRole('link', { name: 'Select the people you met' }).waitFor();
    await c.page.getByRole('checkbox', { name: shownAs }).check();
    await c.page.getByRole('button', { name: 'Add the people I met to my network' }).click();
    await c.page.getByText('They are in your network').waitFor();
    await c.page.getByRole('button', { name: `Invite ${shownAs} to be one of my members` }).click();
    await c.page.getByText(`${shownAs} is invited to be one of your members`).waitFor();
    await checkPage(c, 'event-coach-invites');
    await c.page.goto('/caseload');
    await c.page.getByRole('heading', { name: 'Invitations you sent' }).waitFor();
    await c.page.getByText('Invited, waiting for their answer').or(c.page.getByText('Waiting for an answer')).first().waitFor();

    // The member answers on their own page.
    await m.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My coach' }).click();
    await m.page.getByRole('link', { name: `${coach.name} would like to coach you` }).click();
    await m.page.getByRole('heading', { name: `Would you like ${coach.name} to coach you?` }).waitFor();
    await m.page.getByRole('button', { name: 'Send my answer' }).click();
    await m.page.locator('#accept-error').waitFor();
    await checkPage(m, 'coach-invitation-answer');
    await m.page.getByRole('radio', { name: 'Yes' }).check();
    await m.page.getByRole('button', { name: 'Send my answer' }).click();
    await m.page.getByText('You said yes').waitFor();
    await m.page.getByText('Said yes', { exact: true }).waitFor();
    await checkPage(m, 'my-coach');

    // The coach finds the member by part of the name; notes come ten to a page; their own can be changed and deleted.
    for (let i = 1; i <= 10; i++) ok(await gql(NOTE, { i: { memberId: member.personId, body: `Earlier note ${i}` } }, coach.token));
    await c.page.goto('/caseload');
    await c.page.getByLabel('Find one of your members by name').fill(member.name.split(' ')[1].toLowerCase());
    await c.page.getByRole('button', { name: 'Find' }).click();
    await c.page.getByText(/^1 found for/).waitFor();
    await checkPage(c, 'coach-find-member');
    await c.page.getByRole('list').getByRole('link', { name: member.name }).first().click();
    await c.page.getByRole('heading', { name: member.name }).waitFor();
    await c.page.getByText('10 notes, newest first.').waitFor();
    await c.page.getByLabel('Your note').fill('Agreed two introductions to care homes this month.');
    await c.page.getByRole('button', { name: 'Save note' }).click();
    await c.page.getByText('11 notes, newest first.').waitFor();
    await c.page.getByRole('link', { name: 'Older notes' }).click();
    await c.page.getByText('Earlier note 1', { exact: true }).waitFor();
    await c.page.getByRole('link', { name: 'Newest notes' }).click();
    await c.page.getByText('Agreed two introductions to care homes this month.').waitFor();
    await checkPage(c, 'coach-notes');
    await c.page
      .getByRole('link', { name: /^Change the note from/ })
      .first()
      .click();
    await c.page.getByRole('heading', { name: 'Change your note' }).waitFor();
    await c.page.getByLabel('Your note').fill('');
    await c.page.getByRole('button', { name: 'Save changes' }).click();
    await c.page.locator('#body-error').waitFor();
    await checkPage(c, 'coach-note-edit-error');
    await c.page.getByLabel('Your note').fill('Agreed three introductions to care homes this month.');
    await c.page.getByRole('radio', { name: `Me and ${member.name}` }).check();
    await c.page.getByRole('button', { name: 'Save changes' }).click();
    await c.page.getByText('Your note is changed').waitFor();
    await c.page.getByText('Agreed three introductions to care homes this month.').waitFor();
    await c.page
      .getByRole('link', { name: /^Delete the note from/ })
      .first()
      .click();
    await c.page.getByRole('heading', { name: 'Delete this note?' }).waitFor();
    await checkPage(c, 'coach-note-delete');
    await c.page.getByRole('button', { name: 'Delete the note' }).click();
    await c.page.getByText('Your note is deleted').waitFor();
    await c.page.getByText('10 notes, newest first.').waitFor();
    expect(await c.page.getByText('Agreed three introductions to care homes this month.').count()).toBe(0);
  }, 300_000);

  it("a volunteer says they are away and sees this week's asks against the weekly limit", async () => {
    const volunteer = await account(['VOLUNTEER'], uniqueName('Vik'));
    const w = await open();
    await signInWithToken(w, volunteer.token, '/settings');
    await w.page.getByRole('heading', { name: 'Settings' }).waitFor();
    // More than a year ahead: the API's rule shows at the field.
    await w.page.getByLabel('Away until (optional)').fill(dateInput(new Date(Date.now() + 400 * 86_400_000)));
    await w.page.getByRole('button', { name: 'Save settings' }).click();
    await w.page.locator('#awayUntil-error').waitFor();
    expect(await w.page.locator('#awayUntil-error').textContent()).toContain('within the next year');
    await checkPage(w, 'volunteer-away-error');
    const back = new Date(Date.now() + 14 * 86_400_000);
    await w.page.getByLabel('Away until (optional)').fill(dateInput(back));
    await w.page.getByRole('button', { name: 'Save settings' }).click();
    await w.page.getByText('Your settings are saved').waitFor();
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Asks for me' }).click();
    await w.page.getByText(`You are away until ${inWords(new Date(`${dateInput(back)}T00:00:00`))}`).waitFor();
    await w.page.getByText(/This week you were asked 0 times\. Nobody is asked more than \d+ times in a week\./).waitFor();
    await checkPage(w, 'volunteer-away-load');
    // Back early: clearing the date.
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await w.page.getByLabel('Away until (optional)').fill('');
    await w.page.getByRole('button', { name: 'Save settings' }).click();
    await w.page.getByText('Your settings are saved').waitFor();
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Asks for me' }).click();
    await w.page.getByText(/This week you were asked/).waitFor();
    expect(await w.page.getByText(/You are away until/).count()).toBe(0);
  }, 300_000);

  it('an admin finds a job seeker without a coach, gives them one, and reads the privacy log by name, action and date', async () => {
    const [admin, coach, member] = await Promise.all([
      account(['ADMIN'], uniqueName('Ada')),
      account(['COACH'], uniqueName('Cosmo')),
      account(['MEMBER'], uniqueName('Mina')),
    ]);
    ok(await gql(EXPORT, {}, member.token));
    const w = await open();
    await signInWithToken(w, admin.token, '/admin');
    await w.page.getByRole('heading', { name: 'Administration' }).waitFor();
    await w.page.getByRole('link', { name: 'Find accounts, and give job seekers a coach' }).click();
    await w.page.getByLabel('Name (or part of it)').fill(member.name);
    await w.page.getByLabel('Only job seekers who have no coach').check();
    await w.page.getByRole('button', { name: 'Find accounts' }).click();
    await w.page.getByText('1 account.').waitFor();
    await checkPage(w, 'admin-accounts');
    await w.page.getByRole('link', { name: `Choose a coach for ${member.name}` }).click();
    await w.page.getByRole('heading', { name: `Who should coach ${member.name}?` }).waitFor();
    await w.page.getByRole('button', { name: 'Assign coach' }).click();
    await w.page.getByRole('alert').getByRole('link', { name: 'Select a coach' }).waitFor();
    await checkPage(w, 'admin-assign-error');
    await w.page.getByRole('radio', { name: new RegExp(`^${coach.name} \\(0 of`) }).check();
    await w.page.getByRole('button', { name: 'Assign coach' }).click();
    await w.page.getByText(`${member.name} has a new coach`).waitFor();
    await w.page.getByLabel('Name (or part of it)').fill(member.name);
    await w.page.getByRole('button', { name: 'Find accounts' }).click();
    await w.page.getByText(`Coach: ${coach.name}`).waitFor();

    // The privacy log: by who did it (part of the name), by action, and a date range that is the wrong way round.
    await w.page.getByRole('link', { name: 'Back to administration' }).click();
    await w.page.getByRole('heading', { name: 'Privacy log' }).waitFor();
    await w.page.getByLabel('Who did it (part of their name)').fill(member.name.split(' ')[1]);
    await w.page.getByRole('button', { name: 'Show entries' }).click();
    await w.page.getByText('1 entry, newest first.').waitFor();
    const row = w.page.getByRole('row', { name: new RegExp(member.name) });
    await row.getByText('Downloaded their data').waitFor();
    await row.getByText('Their own').waitFor();
    await checkPage(w, 'admin-log-filtered');
    await w.page.getByLabel('What happened').selectOption({ label: 'Deleted their account' });
    await w.page.getByRole('button', { name: 'Show entries' }).click();
    await w.page.getByText('Nothing matches.').waitFor();
    await w.page.getByLabel('What happened').selectOption({ label: 'Anything' });
    await w.page.getByLabel('From').fill(dateInput(new Date(Date.now() + 2 * 86_400_000)));
    await w.page.getByLabel('To', { exact: true }).fill(dateInput(new Date()));
    await w.page.getByRole('button', { name: 'Show entries' }).click();
    await w.page.locator('#until-error').waitFor();
    await checkPage(w, 'admin-log-dates-error');
    // The API's own rule (a name too long to search for) shows at its field.
    await w.page.getByLabel('From').fill('');
    await w.page.getByLabel('To', { exact: true }).fill('');
    await w.page.getByLabel('Who did it (part of their name)').fill('x'.repeat(101));
    await w.page.getByRole('button', { name: 'Show entries' }).click();
    await w.page.locator('#actorName-error').waitFor();
  }, 300_000);
});
