import { describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { gql, newUser, unique } from '../support/api-client.js';
import { account, addContact, chain, eventually, INBOX, ok, pathTo, request, respond, SETTINGS, type Intro } from '../support/intro-helpers.js';
import { importFile, linkedInExport } from '../support/import-helpers.js';
import { testRun } from '../support/test-env.js';

const UPDATED = `subscription($id: ID) { introductionUpdated(requestId: $id) { id status currentStep steps { person { id } } } }`;

function wsClient(token: string | null): Client {
  return createClient({
    url: `${testRun().apiUrl.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects what a subscription delivers until `until` holds or `ms` passes. */
function collect(client: Client, variables: Record<string, unknown>, until: (got: Intro[]) => boolean, ms: number) {
  const got: Intro[] = [];
  let failure: unknown = null;
  let ready!: () => void;
  const subscribed = new Promise<void>((r) => (ready = r));
  const done = new Promise<Intro[]>((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(got);
    }, ms);
    const stop = client.subscribe<{ introductionUpdated: Intro }>(
      { query: UPDATED, variables },
      {
        next: (msg) => {
          if (msg.data) got.push(msg.data.introductionUpdated);
          if (until(got)) {
            clearTimeout(timer);
            stop();
            resolve(got);
          }
        },
        error: (e) => {
          failure = e;
          clearTimeout(timer);
          resolve(got);
        },
        complete: () => undefined,
      },
    );
    client.on('connected', () => setTimeout(ready, 300));
    client.on('closed', () => ready());
  });
  return { subscribed, done, failure: () => failure, seen: () => got };
}

describe('introductionUpdated (graphql-ws)', () => {
  it('pushes each change to the member as they may see it, and nothing to an unrelated account', async () => {
    const c = await chain('Welder');
    const path = await pathTo(c.member, c.work);
    const stranger = await newUser(['MEMBER'], 'Nosy Neighbour');
    const memberClient = wsClient(c.member.token);
    const strangerClient = wsClient(stranger.token);
    const mine = collect(memberClient, {}, (got) => got.some((g) => g.status === 'TARGET_ASKED'), 90_000);
    const theirs = collect(strangerClient, {}, (got) => got.length > 0, 20_000);
    await Promise.all([mine.subscribed, theirs.subscribed]);

    // The member's own request is pushed to them: once it arrives, their subscription is surely live.
    const intro = await request(c.member, path);
    const asking = await eventually(
      async () => mine.seen().filter((g) => g.id === intro.id),
      (got) => got.length > 0,
      60_000,
    );
    expect(asking[0]).toMatchObject({ id: intro.id, status: 'ASKING', currentStep: 0 });
    await respond(c.broker, intro.id, true);
    const received = await mine.done;
    expect(mine.failure()).toBeNull();
    const update = received.find((g) => g.status === 'TARGET_ASKED')!;
    expect(update).toMatchObject({ id: intro.id, currentStep: 1 });
    expect(update.steps[1].person).toBeNull();
    expect(await theirs.done).toEqual([]);
    await Promise.all([memberClient.dispose(), strangerClient.dispose()]);
  }, 180_000);

  it('refuses a connection without a valid token', async () => {
    for (const token of [null, 'not-a-token']) {
      const client = wsClient(token);
      const result = collect(client, {}, () => true, 30_000);
      await result.done;
      expect(result.failure()).not.toBeNull();
      await client.dispose();
    }
  });
});

describe('importProgress (graphql-ws)', () => {
  it('runs subscriptions only: queries and mutations over the socket are refused, and the query limits apply', async () => {
    const member = await newUser(['MEMBER']);
    const client = wsClient(member.token);
    const outcome = (query: string) =>
      new Promise<string>((resolve) => {
        client.subscribe({ query }, { next: () => resolve('data'), error: (e) => resolve(JSON.stringify(e)), complete: () => resolve('complete') });
      });
    expect(await outcome(`{ me { id } }`)).toMatch(/Only subscriptions run over the WebSocket/);
    expect(await outcome(`mutation { setWorkGoals(goals: []) { work } }`)).toMatch(/Only subscriptions run over the WebSocket/);
    const directives = Array.from({ length: 11 }, () => 'status @include(if: true)').join(' ');
    expect(await outcome(`subscription { introductionUpdated { id ${directives} } }`)).toMatch(/Directives limit of 10 exceeded/);
    await client.dispose();
  });

  it('pushes the job to its owner until it completes', async () => {
    const user = await newUser(['MEMBER'], 'Progress Watcher');
    // Big enough (5 batches) that the subscription is in place well before the job ends.
    const queued = await importFile(user, 'LINKEDIN_CSV', linkedInExport(5000, unique('live').replace(/-/g, '')));
    const client = wsClient(user.token);
    const got: Intro[] = [];
    await new Promise<void>((resolve, reject) => {
      // How long to wait for the import to finish: it asserts completion, not speed (bench:import
      // measures that), and with the whole suite running beside it 5,000 rows took over 20 s once.
      const timer = setTimeout(resolve, 60_000);
      client.subscribe<{ importProgress: Intro }>(
        { query: `subscription($id: ID!) { importProgress(jobId: $id) { id status processedRows created } }`, variables: { id: queued.id } },
        {
          next: (msg) => {
            if (msg.data) got.push(msg.data.importProgress);
            if (msg.data?.importProgress.status === 'COMPLETED') {
              clearTimeout(timer);
              resolve();
            }
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    await client.dispose();
    expect(got.at(-1)).toMatchObject({ status: 'COMPLETED', created: 5000, processedRows: 5000 });
    expect(got.length).toBeGreaterThan(1);
    const progress = got.map((g) => g.processedRows);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }, 120_000);
});

describe('broker capacity under concurrent requests', () => {
  it('opens exactly as many asks as the broker takes; the rest wait in line, none lost, and a freed slot goes to the longest waiting', async () => {
    const work = 'Roofer';
    const broker = await account(['VOLUNTEER'], unique('Cap Broker'));
    const target = await account(['MEMBER'], unique('Cap Target'));
    ok(await gql(SETTINGS, { input: { brokerCapacity: 5 } }, broker.token));
    await addContact(broker, { displayName: target.name, email: target.email, context: 'COLLEAGUE', strength: 0.8, roles: [{ title: work }] });
    const members = await Promise.all(Array.from({ length: 50 }, (_, i) => account(['MEMBER'], `Member ${i}`)));
    await Promise.all(members.map((m) => addContact(m, { displayName: broker.name, email: broker.email, context: 'COMMUNITY', strength: 0.7 })));
    const paths = await Promise.all(members.map((m) => pathTo(m, work)));

    const results = await Promise.all(members.map((m, i) => request(m, paths[i], `Request ${i}`)));
    expect(results).toHaveLength(50);
    expect(new Set(results.map((r) => r.id)).size).toBe(50);
    expect(results.every((r) => r.status === 'ASKING' && r.currentStep === 0)).toBe(true);

    const inbox = ok(await gql<{ introductionInbox: any }>(INBOX, { first: 100 }, broker.token)).introductionInbox;
    expect(inbox.totalCount).toBe(5);
    const waiting = results.filter((r) => r.history.some((e: Intro) => e.note?.startsWith('waiting in line')));
    expect(waiting).toHaveLength(45);
    const asked = new Set(inbox.edges.map((e: any) => e.node.id));
    expect(waiting.every((r) => !asked.has(r.id))).toBe(true);

    // One answer frees a slot: the request waiting longest is asked next, and the broker is still at 5.
    const firstAsked = inbox.edges[0].node.id;
    await respond(broker, firstAsked, true);
    const since = (r: Intro) => new Date(r.history.find((e: Intro) => e.note?.startsWith('waiting')).at).getTime();
    const earliest = Math.min(...waiting.map(since));
    const longest = new Set(waiting.filter((r) => since(r) === earliest).map((r) => r.id));
    const after = await eventually(
      async () => ok(await gql<{ introductionInbox: any }>(INBOX, { first: 100 }, broker.token)).introductionInbox,
      (box) => box.edges.some((e: any) => longest.has(e.node.id)),
      90_000,
    );
    expect(after.totalCount).toBe(5);
    const promoted = after.edges.find((e: any) => longest.has(e.node.id)).node;
    expect(promoted.history.at(-1)).toMatchObject({ status: 'ASKING', actorLabel: 'Backr', note: null });
    expect(after.edges.map((e: any) => e.node.id)).not.toContain(firstAsked);
  }, 240_000);
});
