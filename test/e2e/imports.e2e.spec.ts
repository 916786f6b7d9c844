import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { closeProbe, nodeIdOf } from '../support/graph-probe.js';
import { codeOf, gql, newUser, unique } from '../support/api-client.js';
import { fixture, finished, IMPORT, importFile, JOB, linkedInExport } from '../support/import-helpers.js';
import { account, addContact, ok } from '../support/intro-helpers.js';

const NETWORK = `query($search: String) { network(first: 100, filter: { search: $search }) { totalCount edges { node { person { id displayName roles { title organisation occupation { code } } } context strength createdAt } } } }`;
afterAll(closeProbe);

const run = () => randomUUID().replace(/-/g, '').slice(0, 10);

async function network(token: string, search?: string) {
  return ok(await gql<{ network: any }>(NETWORK, { search }, token)).network;
}

describe('importContacts: formats', () => {
  it('imports a real-shaped LinkedIn export: preamble, quoted commas, blank and partial rows, dates, work matched to occupations', async () => {
    const user = await newUser(['MEMBER'], 'Importing Member');
    const r = run();
    const queued = await importFile(user, 'LINKEDIN_CSV', fixture('linkedin-connections.csv', r), { defaultContext: 'PROFESSIONAL', defaultStrength: 0.4 });
    // The answer is the job as it stands when read back after queueing: a small file may already be under way or done.
    expect(queued.format).toBe('LINKEDIN_CSV');
    expect(['QUEUED', 'RUNNING', 'COMPLETED']).toContain(queued.status);
    if (queued.status === 'QUEUED') expect(queued).toMatchObject({ processedRows: 0, created: 0 });
    const job = await finished(user, queued.id);
    expect(job).toMatchObject({ status: 'COMPLETED', totalRows: 6, processedRows: 6, created: 5, linkedExisting: 0, skipped: 1, errorCount: 2, failure: null });
    expect(job.errors).toEqual([
      { row: 9, message: expect.stringContaining('"not-an-email" is not a valid email address') },
      { row: 10, message: expect.stringContaining('no name') },
    ]);
    const net = await network(user.token);
    expect(net.totalCount).toBe(5);
    const byName = new Map(net.edges.map((e: any) => [e.node.person.displayName, e.node]));
    expect(byName.get('Priya Shah')).toMatchObject({
      context: 'PROFESSIONAL',
      strength: 0.4,
      person: { roles: [{ title: 'Paramedic', organisation: 'Yorkshire Ambulance Service', occupation: { code: '2255' } }] },
    });
    expect((byName.get('Priya Shah') as any).createdAt).toBe('2024-03-04T00:00:00.000Z');
    expect((byName.get('Sam Okoro') as any).person.roles[0].organisation).toBe('Oakfield Care Home, Leeds');
    expect((byName.get('Helen Ward') as any).person.roles[0].title).toBe('Consultant, Emergency Medicine');
    expect(byName.has('Joanne Fox')).toBe(true);
    expect(byName.has('Mike')).toBe(true);
  });

  it('imports vCard 3.0 and 4.0: several cards, folded lines, several emails and phones, N without FN', async () => {
    const user = await newUser(['MEMBER'], 'vCard Member');
    const r = run();
    const job = await finished(user, (await importFile(user, 'VCARD', fixture('contacts.vcf', r))).id);
    expect(job).toMatchObject({ status: 'COMPLETED', totalRows: 4, created: 3, skipped: 1, errorCount: 2 });
    expect(job.errors.map((e: any) => e.row)).toEqual([3, 4]);
    const names = (await network(user.token)).edges.map((e: any) => e.node.person.displayName).sort();
    expect(names).toEqual(['Gary Holt', 'Kath Bennett', 'Rosa Delgado']);
    const kath = (await network(user.token, 'Kath')).edges[0].node.person;
    expect(kath.roles[0]).toMatchObject({
      title: 'Community development worker with a very long title that the phone folded across two lines',
      organisation: 'Leeds Community Trust',
    });
    // Both of Kath's emails identify her: another member adding the second one reaches the same person.
    const other = await newUser(['MEMBER'], 'Other Member');
    const added = ok(
      await gql<{ addContact: any }>(
        `mutation($i: ContactInput!) { addContact(input: $i) { person { id } } }`,
        { i: { displayName: 'K B', email: `k.bennett.${r}@community.example.org`, context: 'COMMUNITY', strength: 0.5 } },
        other.token,
      ),
    );
    expect(await nodeIdOf(added.addContact.person.id)).toBe(await nodeIdOf(kath.id));
  });

  it('imports a Google Contacts CSV (several emails in one cell, national phone numbers)', async () => {
    const user = await newUser(['MEMBER'], 'Google Member');
    const job = await finished(user, (await importFile(user, 'GOOGLE_CSV', fixture('google-contacts.csv', run()))).id);
    expect(job).toMatchObject({ status: 'COMPLETED', totalRows: 4, created: 3, skipped: 1, errorCount: 1 });
    const net = await network(user.token);
    expect(net.edges.map((e: any) => e.node.person.displayName).sort()).toEqual(['Becky Shaw', 'Dan Whitfield', 'Tom Price']);
  });
});

describe('importContacts: deduplication', () => {
  it('creates nothing new when the same file is imported again, and keeps the stronger strength', async () => {
    const user = await newUser(['MEMBER'], 'Reimporter');
    const content = fixture('linkedin-connections.csv', run());
    await finished(user, (await importFile(user, 'LINKEDIN_CSV', content, { defaultStrength: 0.7 })).id);
    const again = await finished(user, (await importFile(user, 'LINKEDIN_CSV', content, { defaultStrength: 0.2 })).id);
    expect(again).toMatchObject({ status: 'COMPLETED', created: 0, linkedExisting: 5 });
    const net = await network(user.token);
    expect(net.totalCount).toBe(5);
    expect(net.edges.every((e: any) => e.node.strength === 0.7)).toBe(true);
  });

  it('folds a thousand copies of one person into one contact', async () => {
    const user = await newUser(['MEMBER'], 'Copy Paster');
    const r = run();
    const rows = Array.from({ length: 1000 }, () => `Same,Person,https://www.linkedin.com/in/same-${r},same.${r}@example.org,Acme,Nurse,01 Jan 2024`);
    const content = ['First Name,Last Name,URL,Email Address,Company,Position,Connected On', ...rows].join('\n');
    const job = await finished(user, (await importFile(user, 'LINKEDIN_CSV', content)).id);
    expect(job).toMatchObject({ status: 'COMPLETED', totalRows: 1000, created: 1, skipped: 999, errorCount: 0 });
    expect((await network(user.token)).totalCount).toBe(1);
  });

  it("resolves rows against people already in the graph (another member's contact, by email)", async () => {
    const r = run();
    const [first, second] = await Promise.all([account(['MEMBER'], 'First Knower'), newUser(['MEMBER'], 'Second Knower')]);
    const existing = await addContact(first, { displayName: 'Sam O', email: `sam.okoro.${r}@example.org`, context: 'FRIEND', strength: 0.9 });
    const job = await finished(second, (await importFile(second, 'LINKEDIN_CSV', fixture('linkedin-connections.csv', r))).id);
    // "Linked" counts only the importer's own contacts: the counts do not reveal who else is in the graph.
    expect(job).toMatchObject({ created: 5, linkedExisting: 0 });
    const sam = (await network(second.token, 'Okoro')).edges[0].node.person;
    expect(await nodeIdOf(sam.id)).toBe(await nodeIdOf(existing));
    // Each member still sees their own name for them.
    expect(sam.displayName).toBe('Sam Okoro');
  });
});

describe('importContacts: bad input', () => {
  const refusals: [string, string, string, string][] = [
    ['an empty file', 'LINKEDIN_CSV', '   ', 'the file is empty'],
    ['binary garbage', 'VCARD', 'BEGIN:VCARD\u0000\u0001\u0002\u0003', 'not a text file'],
    ['a file of the wrong format', 'LINKEDIN_CSV', 'BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n', 'not a LinkedIn Connections.csv'],
    ['a CSV with only a header', 'LINKEDIN_CSV', 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n', 'header line but no contacts'],
    ['a Google CSV declared for a vCard', 'GOOGLE_CSV', 'BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n', 'not a Google Contacts CSV'],
  ];
  it.each(refusals)('refuses %s before queuing, naming input.content', async (_label, format, content, message) => {
    const user = await newUser();
    const res = await gql(IMPORT, { input: { format, content } }, user.token);
    expect(res.status).toBeLessThan(500);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('input.content');
    expect(res.errors![0].message).toContain(message);
  });

  it('refuses a file over the size limit before queuing, saying the limit', async () => {
    const user = await newUser();
    const big = linkedInExport(10, 'big') + '\r\n' + 'x'.repeat(10.5 * 1024 * 1024);
    const res = await gql(IMPORT, { input: { format: 'LINKEDIN_CSV', content: big } }, user.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toContain('the limit is 10.0 MB');
  });

  it('refuses a strength outside 0..1', async () => {
    const user = await newUser();
    const res = await gql(IMPORT, { input: { format: 'LINKEDIN_CSV', content: linkedInExport(1, 's'), defaultStrength: 3 } }, user.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('input.defaultStrength');
  });

  it('fails a file that cannot be read as its format, writing nothing', async () => {
    const user = await newUser(['MEMBER'], 'Broken CSV');
    const broken =
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nAna,"Unclosed,https://www.linkedin.com/in/ana-x,,A,B,01 Jan 2024\r\n';
    const job = await finished(user, (await importFile(user, 'LINKEDIN_CSV', broken)).id);
    expect(job).toMatchObject({ status: 'FAILED', created: 0, processedRows: 0 });
    expect(job.failure).toContain('could not be read as a LinkedIn Connections.csv');
    expect((await network(user.token)).totalCount).toBe(0);
  });

  it('shows a job only to the member who imported it', async () => {
    const [owner, stranger] = await Promise.all([newUser(), newUser()]);
    const queued = await importFile(owner, 'LINKEDIN_CSV', linkedInExport(3, unique('own')));
    expect(ok(await gql<{ importJob: any }>(JOB, { id: queued.id }, stranger.token)).importJob).toBeNull();
    expect(ok(await gql<{ importJob: any }>(JOB, { id: queued.id }, owner.token)).importJob.id).toBe(queued.id);
  });
});
