import { describe, expect, it } from '@jest/globals';
import { codeOf, gql, unique } from '../support/api-client.js';
import { account, ok } from '../support/intro-helpers.js';

const EXPORT = `{ exportMyData }`;
const DELETE = `mutation { deleteMyAccount(confirm: "DELETE") }`;
const AUDIT = `query($actorId: ID, $actorName: String, $action: String, $from: DateTime, $until: DateTime, $first: Int, $after: String) {
  auditLog(actorId: $actorId, actorName: $actorName, action: $action, from: $from, until: $until, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { action actorId actorName subjectId subjectName at } } } }`;

type Audit = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  edges: { node: Record<string, unknown> }[];
};

/** The audit log for admins: names as held now, filters by action, actor and time, and a total. */
describe('auditLog: names, filters and totalCount', () => {
  it('names who acted and whose data it was, filters by actor, name, action and time, and pages with a total', async () => {
    const [admin, exporter, other] = await Promise.all([
      account(['ADMIN'], unique('Audit Reader')),
      account(['MEMBER'], unique('Ezra Exporter')),
      account(['MEMBER'], unique('Olive Other')),
    ]);
    const before = new Date(Date.now() - 1000).toISOString();
    ok(await gql(EXPORT, {}, exporter.token));
    ok(await gql(EXPORT, {}, exporter.token));
    ok(await gql(EXPORT, {}, other.token));
    const read = async (vars: Record<string, unknown>) => ok(await gql<{ auditLog: Audit }>(AUDIT, vars, admin.token)).auditLog;

    const mine = await read({ actorId: exporter.personId });
    expect(mine.totalCount).toBe(2);
    expect(mine.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        action: 'EXPORT',
        actorId: exporter.personId,
        actorName: exporter.name,
        subjectId: exporter.personId,
        subjectName: exporter.name,
      }),
      expect.objectContaining({ action: 'EXPORT', actorName: exporter.name }),
    ]);

    // Part of the name, in any case, finds only that person's entries.
    const byName = await read({ actorName: exporter.name.slice(-8).toUpperCase() });
    expect(byName.totalCount).toBe(2);
    expect(byName.edges.every((e) => e.node['actorId'] === exporter.personId)).toBe(true);

    // Action and time filters combine with the actor filter.
    expect((await read({ actorId: exporter.personId, action: 'SUPPRESS' })).totalCount).toBe(0);
    expect((await read({ actorId: exporter.personId, action: 'EXPORT', from: before })).totalCount).toBe(2);
    expect((await read({ actorId: exporter.personId, until: before })).totalCount).toBe(0);
    expect((await read({ actorId: exporter.personId, from: new Date(Date.now() + 60_000).toISOString() })).totalCount).toBe(0);

    // Pages of one: the total stays the same on every page.
    const first = await read({ actorId: exporter.personId, first: 1 });
    expect(first.edges).toHaveLength(1);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await read({ actorId: exporter.personId, first: 1, after: first.pageInfo.endCursor });
    expect(second.edges).toHaveLength(1);
    expect(second.totalCount).toBe(2);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(JSON.stringify(second.edges[0])).not.toBe(JSON.stringify(first.edges[0]));
  }, 120_000);

  it('shows no name for someone no longer held', async () => {
    const [admin, leaver] = await Promise.all([account(['ADMIN'], unique('Audit Reader')), account(['MEMBER'], unique('Lone Leaver'))]);
    ok(await gql(DELETE, {}, leaver.token));
    const log = ok(await gql<{ auditLog: Audit }>(AUDIT, { actorId: leaver.personId, action: 'DELETE_ACCOUNT' }, admin.token)).auditLog;
    expect(log.totalCount).toBe(1);
    expect(log.edges[0].node).toMatchObject({ actorName: null, subjectName: null, subjectId: leaver.personId });
  }, 120_000);

  it('refuses bad filters at their field, and everyone but admins', async () => {
    const [admin, member, coach] = await Promise.all([
      account(['ADMIN'], unique('Audit Reader')),
      account(['MEMBER'], unique('Nosy Member')),
      account(['COACH'], unique('Nosy Coach')),
    ]);
    const cases: [Record<string, unknown>, string][] = [
      [{ action: 'LOOKED' }, 'action'],
      [{ action: 'export' }, 'action'],
      [{ from: '2026-05-02T00:00:00Z', until: '2026-05-01T00:00:00Z' }, 'until'],
      [{ from: '2026-05-01T00:00:00Z', until: '2026-05-01T00:00:00Z' }, 'until'],
      [{ actorName: 'x'.repeat(101) }, 'actorName'],
      [{ actorId: 'not-an-id' }, 'actorId'],
      [{ first: 0 }, 'first'],
      [{ after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ];
    for (const [vars, field] of cases) {
      const res = await gql(AUDIT, vars, admin.token);
      expect({ vars, code: codeOf(res), field: res.errors?.[0]?.extensions?.['field'] }).toEqual({ vars, code: 'BAD_USER_INPUT', field });
      expect(res.data ?? null).toBeNull();
    }
    // A time that is not one is refused by the scalar, never a 500.
    const notTime = await gql(AUDIT, { from: 'last Tuesday' }, admin.token);
    expect(notTime.errors?.length).toBeGreaterThan(0);
    expect(codeOf(notTime)).not.toBe('INTERNAL_SERVER_ERROR');
    for (const user of [member, coach]) expect(codeOf(await gql(AUDIT, { actorName: 'a' }, user.token))).toBe('FORBIDDEN');
  }, 120_000);
});
