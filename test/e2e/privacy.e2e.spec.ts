import { describe, expect, it } from '@jest/globals';
import { gql, unique } from '../support/api-client.js';
import { account, addContact, ok } from '../support/intro-helpers.js';

const EXPORT = `{ exportMyData }`;

describe('exportMyData', () => {
  it("gives the viewer everything they entered and what is held about them, and nothing of anyone else's", async () => {
    const [me, other] = await Promise.all([account(['MEMBER'], unique('Export Me')), account(['MEMBER'], unique('Export Other'))]);
    ok(await gql(`mutation { setWorkGoals(goals: [{ work: "Electrician", note: "Near home" }]) { work } }`, {}, me.token));
    await addContact(me, {
      displayName: 'My Sister',
      phone: '+44 20 7946 0777',
      context: 'FAMILY',
      strength: 1,
      howWeMet: 'Family',
      roles: [{ title: 'Electrician' }],
    });
    await addContact(other, { displayName: 'Their Friend', email: `${unique('tf')}@example.org`, context: 'FRIEND', strength: 0.7 });
    // Someone else recorded me with an address: I see the address, not who recorded it.
    await addContact(other, { displayName: 'Me, as they call me', email: me.email, context: 'COMMUNITY', strength: 0.4, howWeMet: 'Their private note' });

    const text = ok(await gql<{ exportMyData: string }>(EXPORT, {}, me.token)).exportMyData;
    const data = JSON.parse(text);
    expect(data).toMatchObject({
      format: 'backr-export-v1',
      account: { id: me.personId, accountEmail: me.email, roles: ['MEMBER'] },
      goals: [{ work: 'Electrician', note: 'Near home' }],
      contacts: [{ displayName: 'My Sister', phone: '+442079460777', context: 'FAMILY', howWeMet: 'Family', workRolesYouRecorded: [{ title: 'Electrician' }] }],
      heldAboutYouByOthers: { recordedBy: 1, contactDetails: [me.email] },
    });
    expect(text).not.toContain('Their Friend');
    expect(text).not.toContain('Their private note');
    expect(text).not.toContain(other.personId);
    expect(JSON.parse(ok(await gql<{ exportMyData: string }>(EXPORT, {}, other.token)).exportMyData).contacts).toHaveLength(2);
  });

  it('needs a signed-in account', async () => {
    const res = await gql(EXPORT);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
