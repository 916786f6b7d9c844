import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { signDevToken } from '#libs/auth';
import { gql, newUser } from '../support/api-client.js';
import { ok } from '../support/intro-helpers.js';
import { TEST_JWT_SECRET } from '../support/test-env.js';

/**
 * Issue 14 (demo): restarting the demo after any use works. The seed adds each item once, ever: it neither
 * re-adds a contact the user removed, nor resets goals, nor fights an admin who moved a member to another coach.
 */
function seed() {
  const run = spawnSync(process.execPath, ['dist/apps/api/src/seed.js'], { encoding: 'utf8', env: process.env });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

const demoToken = (sub: string, name: string, roles: ('MEMBER' | 'COACH')[] = ['MEMBER']) => signDevToken(TEST_JWT_SECRET, { sub, name, roles });
const NETWORK = `query($s: String) { network(first: 50, filter: { search: $s }) { edges { node { person { id displayName } } } } }`;

describe('demo seed', () => {
  it('runs again after the user removed a contact, changed goals and an admin moved a member to another coach', async () => {
    const first = seed();
    expect(first.out).toContain('demo network ready');
    expect(first.status).toBe(0);

    const alex = await demoToken('demo-member', 'Alex Morgan');
    const becky = ok(await gql<{ network: any }>(NETWORK, { s: 'Becky Shaw' }, alex)).network.edges[0]?.node.person;
    expect(becky?.displayName).toBe('Becky Shaw');
    ok(await gql(`mutation($id: ID!) { removeContact(personId: $id) }`, { id: becky.id }, alex));
    ok(await gql(`mutation { setWorkGoals(goals: [{ work: "Plumber" }]) { work } }`, {}, alex));

    const jordan = ok(await gql<{ me: any }>('{ me { person { id } } }', {}, await demoToken('demo-member-2', 'Jordan Lee'))).me.person.id;
    const [admin, coach] = await Promise.all([newUser(['ADMIN'], 'Ada Admin'), newUser(['COACH'], 'Nia New-Coach')]);
    const coachId = ok(await gql<{ me: any }>('{ me { person { id } } }', {}, coach.token)).me.person.id;
    ok(await gql(`mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { networkSize } }`, { m: jordan, c: coachId }, admin.token));

    const second = seed();
    expect(second.out).toContain('demo network ready');
    expect(second.status).toBe(0);

    expect(ok(await gql<{ network: any }>(NETWORK, { s: 'Becky Shaw' }, alex)).network.edges).toEqual([]);
    expect(ok(await gql<{ me: any }>('{ me { goals { work } } }', {}, alex)).me.goals).toEqual([{ work: 'Plumber' }]);
    const caseload = ok(await gql<{ caseload: any }>('{ caseload(first: 50) { members { edges { node { member { id } } } } } }', {}, coach.token)).caseload;
    expect(caseload.members.edges.map((e: any) => e.node.member.id)).toContain(jordan);
  }, 180_000);
});
