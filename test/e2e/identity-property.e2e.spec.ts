import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { signDevToken } from '#libs/auth';
import { gql, unique, uniquePhone } from '../support/api-client.js';
import { closeProbe, cypher, nodeIdOf } from '../support/graph-probe.js';
import { finished, importFile } from '../support/import-helpers.js';
import { account, addContact, ok } from '../support/intro-helpers.js';
import { TEST_JWT_SECRET } from '../support/test-env.js';

/**
 * Property: whatever an attacker with several accounts does with a person's public identifiers
 * (LinkedIn URL, phone) and addresses of their own (adds, imports, merges, sign-ins), no attacker
 * account is ever bound to the person an honest member recorded, and no honest member's record
 * of that person reaches an attacker's account.
 */

afterAll(closeProbe);

const localOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');

type Step =
  | { kind: 'add'; who: number; ids: IdChoice[] }
  | { kind: 'import'; who: number; ids: IdChoice[] }
  | { kind: 'merge'; who: number }
  | { kind: 'signIn'; address: number; verified: boolean };
type IdChoice = { kind: 'linkedin' } | { kind: 'phone' } | { kind: 'ownEmail'; n: number } | { kind: 'freshEmail' };

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  fc.constant({ kind: 'linkedin' as const }),
  fc.constant({ kind: 'phone' as const }),
  fc.record({ kind: fc.constant('ownEmail' as const), n: fc.integer({ min: 0, max: 2 }) }),
  fc.constant({ kind: 'freshEmail' as const }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), who: fc.integer({ min: 0, max: 1 }), ids: fc.array(idChoice, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('import' as const), who: fc.integer({ min: 0, max: 1 }), ids: fc.array(idChoice, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('merge' as const), who: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('signIn' as const), address: fc.integer({ min: 0, max: 2 }), verified: fc.boolean() }),
);

describe('identity: no attacker binds to an honestly recorded person', () => {
  it('holds for random sequences of adds, imports, merges and sign-ins', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 6 }), async (steps) => {
        runs++;
        const honest = await account(['MEMBER'], unique('Honest'));
        const victim = {
          email: `${unique('secret')}@example.org`,
          phone: uniquePhone(),
          linkedinUrl: `https://www.linkedin.com/in/${unique('victim')}`,
        };
        const victimNode = await nodeIdOf(await addContact(honest, { displayName: 'Victim', ...victim, context: 'FRIEND', strength: 0.9 }));
        const attackers = await Promise.all([account(['MEMBER'], unique('Mal A')), account(['VOLUNTEER'], unique('Mal B'))]);
        const addresses = [0, 1, 2].map(() => `${unique('mal')}@example.org`);
        const signedIn: string[] = [];
        const pick = (ids: IdChoice[]) => {
          const emails = new Set<string>();
          const out: { linkedinUrl?: string; phone?: string } = {};
          for (const c of ids) {
            if (c.kind === 'linkedin') out.linkedinUrl = victim.linkedinUrl;
            else if (c.kind === 'phone') out.phone = victim.phone;
            else emails.add(c.kind === 'ownEmail' ? addresses[c.n] : `${unique('fresh')}@example.org`);
          }
          return { ...out, emails: [...emails] };
        };
        for (const s of steps) {
          if (s.kind === 'add') {
            const ids = pick(s.ids);
            await gql(
              `mutation($input: ContactInput!) { addContact(input: $input) { person { id } } }`,
              {
                input: { displayName: 'Target', ...ids, context: 'FRIEND', strength: 0.5 },
              },
              attackers[s.who].token,
            );
          } else if (s.kind === 'import') {
            const ids = pick(s.ids);
            const lines = [
              'BEGIN:VCARD',
              'VERSION:3.0',
              'FN:Target',
              ...ids.emails.map((e) => `EMAIL:${e}`),
              ...(ids.phone ? [`TEL:${ids.phone}`] : []),
              ...(ids.linkedinUrl ? [`URL:${ids.linkedinUrl}`] : []),
              'END:VCARD',
            ];
            await finished(attackers[s.who], (await importFile(attackers[s.who], 'VCARD', `${lines.join('\r\n')}\r\n`)).id);
          } else if (s.kind === 'merge') {
            const net = ok(await gql<{ network: any }>(`{ network(first: 10) { edges { node { person { id } } } } }`, {}, attackers[s.who].token)).network
              .edges;
            if (net.length >= 2) {
              await gql(
                `mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { strength } }`,
                { k: net[0].node.person.id, m: net[1].node.person.id },
                attackers[s.who].token,
              );
            }
          } else {
            const token = await signDevToken(TEST_JWT_SECRET, {
              sub: `mal-${randomUUID()}`,
              name: 'Mal',
              email: addresses[s.address],
              emailVerified: s.verified,
            });
            const me = ok(await gql<{ me: any }>(`{ me { person { id } } }`, {}, token));
            signedIn.push(localOf(me.me.person.id));
          }
        }
        expect(signedIn).not.toContain(victimNode);
        expect(await cypher(`MATCH (p:Person:Account {id: $id}) RETURN p.id`, { id: victimNode })).toHaveLength(0);
        // The honest member's record still points at a node no attacker holds.
        const honestTarget = await cypher<{ id: string; account: boolean }>(
          `MATCH (:Person {id: $h})-[:KNOWS]->(p:Person) RETURN p.id AS id, p:Account AS account`,
          { h: localOf(honest.personId) },
        );
        expect(honestTarget).toEqual([{ id: victimNode, account: false }]);
      }),
      { numRuns: 8, endOnFailure: true },
    );
    expect(runs).toBeGreaterThanOrEqual(8);
  }, 600_000);
});
