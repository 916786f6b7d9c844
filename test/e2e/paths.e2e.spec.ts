import { beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, gql, newUser, unique, type TestUser } from '../support/api-client.js';

const PATHS = `query Paths($input: IntroPathsInput!) {
  introPaths(input: $input) {
    reachableTargets
    matchedOccupations { code title }
    paths { id hops score explanation steps { label person { id displayName } work { title organisation occupation { code } } context strength } }
  }
}`;
const ADD = `mutation($input: ContactInput!) { addContact(input: $input) { person { id } } }`;

describe('introPaths through the API', () => {
  let member: TestUser;
  let volunteer: TestUser;
  let samId: string;

  beforeAll(async () => {
    [member, volunteer] = await Promise.all([newUser(['MEMBER'], 'Path Seeker'), newUser(['VOLUNTEER'], 'Vol Unteer')]);
    const samEmail = `${unique('sam')}@example.org`;
    samId = (
      await gql<{ addContact: any }>(ADD, { input: { displayName: 'Sam Okoro', email: samEmail, context: 'EX_COLLEAGUE', strength: 0.8 } }, member.token)
    ).data!.addContact.person.id;
    await gql(ADD, { input: { displayName: 'Sam', email: samEmail, context: 'COMMUNITY', strength: 0.7 } }, volunteer.token);
    const res = await gql(
      ADD,
      {
        input: {
          displayName: 'Priya Paramedic',
          email: `${unique('priya')}@example.org`,
          context: 'PROFESSIONAL',
          strength: 0.9,
          roles: [{ title: 'HCPC paramedic', organisation: 'Yorkshire Ambulance Service' }],
        },
      },
      volunteer.token,
    );
    expect(res.errors).toBeUndefined();
    await gql(
      ADD,
      { input: { displayName: 'Dana Youth', context: 'FRIEND', strength: 0.6, roles: [{ title: 'Youth worker', organisation: 'Leeds Youth Service' }] } },
      member.token,
    );
  });

  it("finds a warm path through a volunteer's lent network, naming only the member's own contact", async () => {
    const res = await gql<{ introPaths: any }>(PATHS, { input: { work: 'paramedic' } }, member.token);
    expect(res.errors).toBeUndefined();
    const result = res.data!.introPaths;
    expect(result.matchedOccupations).toEqual([{ code: '2255', title: 'Paramedics' }]);
    expect(result.reachableTargets).toBe(1);
    const [path] = result.paths;
    expect(path.hops).toBe(3);
    expect(path.steps[0]).toMatchObject({ label: 'Sam Okoro, your ex-colleague', person: { id: samId, displayName: 'Sam Okoro' } });
    expect(path.steps[1].person).toBeNull();
    expect(path.steps[2]).toMatchObject({
      person: null,
      work: { title: 'HCPC paramedic', organisation: 'Yorkshire Ambulance Service', occupation: { code: '2255' } },
    });
    expect(path.explanation).toContain('Sam Okoro');
    expect(JSON.stringify(path)).not.toMatch(/Priya|Vol Unteer/);
    expect(path.score).toBeGreaterThan(0);
    expect(path.score).toBeLessThanOrEqual(1);
  });

  it("matches by occupation code and reaches the member's own contacts in one hop", async () => {
    const res = await gql<{ introPaths: any }>(PATHS, { input: { occupationCode: '3221', maxHops: 1 } }, member.token);
    expect(res.data!.introPaths.paths).toEqual([
      expect.objectContaining({ hops: 1, explanation: 'Dana Youth, your friend, is a youth worker at Leeds Youth Service.' }),
    ]);
  });

  it('returns an empty result, not an error, for work that matches nothing', async () => {
    const res = await gql<{ introPaths: any }>(PATHS, { input: { work: 'zzqxv wibblenaut' } }, member.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.introPaths).toEqual({ reachableTargets: 0, matchedOccupations: [], paths: [] });
  });

  it("finds paths to one particular person in the member's network", async () => {
    const res = await gql<{ introPaths: any }>(PATHS, { input: { targetPersonId: samId } }, member.token);
    expect(res.data!.introPaths.paths[0]).toMatchObject({ hops: 1, steps: [{ person: { id: samId } }] });
  });

  const bad: [string, Record<string, unknown>, string, string][] = [
    ['no selector', {}, 'BAD_USER_INPUT', 'input'],
    ['two selectors', { work: 'paramedic', occupationCode: '2255' }, 'BAD_USER_INPUT', 'input'],
    ['maxHops 0', { work: 'paramedic', maxHops: 0 }, 'BAD_USER_INPUT', 'input.maxHops'],
    ['maxHops 4', { work: 'paramedic', maxHops: 4 }, 'BAD_USER_INPUT', 'input.maxHops'],
    ['first 0', { work: 'paramedic', first: 0 }, 'BAD_USER_INPUT', 'input.first'],
    ['first 51', { work: 'paramedic', first: 51 }, 'BAD_USER_INPUT', 'input.first'],
    ['empty work', { work: '  ' }, 'BAD_USER_INPUT', 'input.work'],
    ['300-character work', { work: 'p'.repeat(300) }, 'BAD_USER_INPUT', 'input.work'],
    ['an unknown occupation code', { occupationCode: '9998' }, 'BAD_USER_INPUT', 'input.occupationCode'],
    ['a malformed occupation code', { occupationCode: 'DROP' }, 'BAD_USER_INPUT', 'input.occupationCode'],
    ['a malformed target id', { targetPersonId: 'nope' }, 'BAD_USER_INPUT', 'input.targetPersonId'],
  ];
  it.each(bad)('refuses %s, naming the field', async (_label, input, code, field) => {
    const res = await gql(PATHS, { input }, member.token);
    expect(res.status).toBeLessThan(500);
    expect(codeOf(res)).toBe(code);
    expect(res.errors![0].extensions!.field).toBe(field);
  });

  it('answers a target that does not exist and one the member may not see the same way', async () => {
    const stranger = (await gql<{ addContact: any }>(ADD, { input: { displayName: 'Not yours', context: 'FRIEND', strength: 0.5 } }, volunteer.token)).data!
      .addContact.person.id;
    const missing = Buffer.from('Person:00000000-0000-0000-0000-000000000000').toString('base64url');
    const [a, b] = await Promise.all([stranger, missing].map((targetPersonId) => gql(PATHS, { input: { targetPersonId } }, member.token)));
    expect(codeOf(a)).toBe('NOT_FOUND');
    expect(a.errors![0].message).toBe(b.errors![0].message);
    expect(codeOf(b)).toBe('NOT_FOUND');
  });

  it('needs a token', async () => {
    expect(codeOf(await gql(PATHS, { input: { work: 'paramedic' } }))).toBe('UNAUTHENTICATED');
  });

  it("reports reach to the member's goal work", async () => {
    await gql(`mutation { setWorkGoals(goals: [{ work: "Paramedic" }]) { id } }`, {}, member.token);
    const res = await gql<{ me: { reachToGoalWork: number } }>(`{ me { reachToGoalWork } }`, {}, member.token);
    expect(res.data!.me.reachToGoalWork).toBe(1);
  });
});
