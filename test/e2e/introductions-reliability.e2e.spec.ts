import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { JobName, JobQueue, QueueName } from '#libs/queue';
import { gql, unique, useApi } from '../support/api-client.js';
import { account, addContact, chain, eventually, get, OUTCOME, ok, pathTo, request, respond, SETTINGS, type Intro } from '../support/intro-helpers.js';
import { finished, importFile, JOB, linkedInExport } from '../support/import-helpers.js';
import { closeProbe, cypher } from '../support/graph-probe.js';
import { reachable } from '../support/processes.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Introductions with the worker doing real work on its own Redis, time compressed by
 * configuration: asks are reminded after 3 s and expire after 15 s (the sweep ends one whose expiry job
 * was lost 10 s after that), outcomes are nudged after 2 s.
 * Waits for the worker are generous (the whole suite shares two cores); none asserts speed.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack('intro-reliability', {
    INTRO_REMIND_AFTER_SECONDS: '3',
    INTRO_EXPIRE_AFTER_SECONDS: '15',
    INTRO_OUTCOME_NUDGE_AFTER_SECONDS: '2',
    INTRO_WEEKLY_ASKS_PER_BROKER: '2',
    WORKER_LOCK_MS: '3000',
    IMPORT_BATCH_SIZE: '200',
    IMPORT_SWEEP_AFTER_SECONDS: '2',
    // Well past the 15-s expiry: the sweep must not end an ask whose job a busy worker is merely late with.
    INTRO_SWEEP_AFTER_SECONDS: '10',
    COACH_STALL_AFTER_SECONDS: '8',
    COACH_NUDGE_EVERY_SECONDS: '1',
  });
  useApi(stack.apiUrl);
}, 120_000);

afterAll(async () => {
  useApi(null);
  await closeProbe();
  await stack?.stop();
}, 90_000);

function messages(needle: string): string[] {
  if (!existsSync(stack.outboxDir)) return [];
  return readdirSync(stack.outboxDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(join(stack.outboxDir, f), 'utf8'))
    .filter((t) => t.includes(needle));
}

/** Expiry events (the reroute search that follows also carries status EXPIRED, with another note). */
const expiries = (intro: Intro | null) => intro?.history.filter((e: Intro) => e.note === 'no answer in time').length ?? 0;

describe('time-driven jobs', () => {
  it('reminds the broker, then expires the ask, tells the member, and offers no path when there is none', async () => {
    const c = await chain('Glazier');
    const intro = await request(c.member, await pathTo(c.member, c.work));
    const reminded = await eventually(
      async () => messages(intro.id).filter((t) => t.includes('Reminder')),
      (m) => m.length > 0,
      30_000,
    );
    expect(reminded).toHaveLength(1);
    const expired = await eventually(
      () => get(c.member, intro.id),
      (r) => r?.status === 'EXPIRED' && r.history.some((e: Intro) => e.note?.includes('no other path')),
      60_000,
    );
    expect(expired).toMatchObject({ status: 'EXPIRED', currentStep: null, expiresAt: null, nextPath: null });
    expect(expired!.history.find((e: Intro) => e.status === 'EXPIRED')).toMatchObject({ actorLabel: 'Backr', note: 'no answer in time' });
    // The closing mail is a job of its own after the state change: wait for it, then check it came once.
    const closing = await eventually(
      async () => messages(intro.id).filter((t) => t.includes('has closed')),
      (m) => m.length > 0,
      30_000,
    );
    expect(closing).toHaveLength(1);
    expect(
      codeOfRespond(
        await gql(
          `mutation($i: RespondToIntroductionInput!) { respondToIntroduction(input: $i) { id } }`,
          { i: { requestId: intro.id, accept: true } },
          c.broker.token,
        ),
      ),
    ).toBe('CONFLICT');
  }, 120_000);

  it('nudges the member to record the outcome of an introduction', async () => {
    const c = await chain('Joiner');
    const intro = await request(c.member, await pathTo(c.member, c.work));
    await respond(c.broker, intro.id, true);
    await respond(c.target, intro.id, true);
    const nudges = await eventually(
      async () => messages(intro.id).filter((t) => t.includes('How did your introduction go?')),
      (m) => m.length > 0,
      30_000,
    );
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toContain(`To: ${c.member.email}`);
    ok(await gql(OUTCOME, { input: { requestId: intro.id, met: false } }, c.member.token));
  }, 60_000);

  it('holds a broker to the weekly number of new asks: the third waits although capacity is free', async () => {
    const broker = await account(['VOLUNTEER'], unique('Weekly Broker'));
    ok(await gql(SETTINGS, { input: { brokerCapacity: 10 } }, broker.token));
    const target = await account(['MEMBER'], unique('Weekly Target'));
    await addContact(broker, { displayName: target.name, email: target.email, context: 'FRIEND', strength: 0.8, roles: [{ title: 'Bricklayer' }] });
    const members = await Promise.all([1, 2, 3].map((i) => account(['MEMBER'], `Weekly ${i}`)));
    const results: Intro[] = [];
    for (const m of members) {
      await addContact(m, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.8 });
      results.push(await request(m, await pathTo(m, 'Bricklayer')));
    }
    // Read each request's whole history, not its last line: on a busy machine the 3-s reminder can
    // land on the first ask before its mutation returns.
    const weekly = (r: Intro) => r.history.filter((e: Intro) => e.note?.includes('as many asks this week')).length;
    expect(results.map(weekly)).toEqual([0, 0, 1]);
  }, 30_000);
});

describe('faults', () => {
  it('keeps delayed reminders across a Redis restart (AOF)', async () => {
    const c = await chain('Tiler');
    const path = await pathTo(c.member, c.work);
    // No worker from the ask until after the Redis restart: the reminder (due in 3 s) cannot run
    // before the checks below however slow a busy machine is, so 'delayed' afterwards means it survived.
    expect(await stack.stopWorker('SIGTERM')).toBe(true);
    const intro = await request(c.member, path);
    const remind = await stack.queue(QueueName.Introductions).getJob(`remind.${localId(intro.id)}.0.1`);
    expect(await remind!.getState()).toBe('delayed');
    await new Promise((r) => setTimeout(r, 1100)); // past one AOF fsync (appendfsync everysec)
    await stack.restartRedis();
    expect(await (await stack.queue(QueueName.Introductions).getJob(`remind.${localId(intro.id)}.0.1`))!.getState()).toBe('delayed');
    await stack.startWorker();
    const reminded = await eventually(
      async () => messages(intro.id).filter((t) => t.includes('Reminder')),
      (m) => m.length > 0,
      40_000,
    );
    expect(reminded.length).toBeGreaterThan(0);
    const after = await eventually(
      () => get(c.member, intro.id),
      (r) => r?.status === 'EXPIRED',
      40_000,
    );
    expect(expiries(after)).toBe(1);
  }, 150_000);

  it('completes a job whose worker was killed (SIGKILL) mid-job, with its effect exactly once', async () => {
    await stack.stopWorker('SIGTERM');
    await stack.startWorker({ WORKER_FAULT_DELAY_MS: '60000', WORKER_FAULT_JOBS: 'intro.expire' });
    const c = await chain('Plasterer');
    const intro = await request(c.member, await pathTo(c.member, c.work));
    // The expire job commits its change, then is held (a minute) before acknowledging: kill the worker there.
    const expired = await eventually(
      () => get(c.member, intro.id),
      (r) => r?.status === 'EXPIRED',
      45_000,
    );
    expect(expired?.status).toBe('EXPIRED');
    expect(await stack.stopWorker('SIGKILL', 5_000)).toBe(true);
    await stack.startWorker();
    const job = await eventually(
      async () => stack.queue(QueueName.Introductions).getJob(`expire.${localId(intro.id)}.0.1`),
      (j) => !!j?.finishedOn,
      60_000,
    );
    expect(await job!.getState()).toBe('completed');
    expect(job!.attemptsStarted).toBeGreaterThanOrEqual(2); // it really ran again after the kill
    const final = await get(c.member, intro.id);
    expect(expiries(final)).toBe(1);
    // The kill may land in the re-route that follows the expiry: in hand (BullMQ runs it again), or
    // committed with its closing message not yet queued (the restarted worker queues it). It arrives, once.
    const closed = () => messages(intro.id).filter((t) => t.includes('has closed'));
    await eventually(
      async () => closed(),
      (m) => m.length > 0,
      30_000,
    );
    expect(closed()).toHaveLength(1);
  }, 180_000);

  it('queues at start, whatever their age, the jobs a change committed but could not hand to Redis', async () => {
    expect(await stack.stopWorker('SIGTERM')).toBe(true);
    const c = await chain('Roofer');
    const path = await pathTo(c.member, c.work);
    // With Redis away the API commits the request with its jobs and cannot hand them over, as when a
    // process dies between the two: the jobs wait in the outbox.
    const down = stack.restartRedis(10_000);
    expect(
      await eventually(
        async () => !(await reachable(stack.redisUrl)),
        (gone) => gone,
        15_000,
      ),
    ).toBe(true);
    const intro = await request(c.member, path);
    await down;
    const pending = () =>
      cypher<{ id: string; name: JobName }>(`MATCH (p:PendingJob) WHERE p.data CONTAINS $rid RETURN p.id AS id, p.name AS name ORDER BY id`, {
        rid: localId(intro.id),
      });
    const left = await pending();
    expect(left.map((j) => j.name).sort()).toEqual([JobName.IntroExpire, JobName.IntroNotify, JobName.IntroRemind]);
    await stack.startWorker();
    // Moved before the worker takes its first job; the periodic sweep (jobs 30 s old) is told apart by the log.
    // (Only those three: the reminder, already due, may have run and have its own mail in flight.)
    const still = new Set((await pending()).map((j) => j.id));
    expect(left.filter((j) => still.has(j.id))).toEqual([]);
    for (const job of left) expect(await stack.queue(JobQueue[job.name]).getJobState(job.id)).not.toBe('unknown');
    expect(readFileSync(stack.workerLog, 'utf8')).toMatch(/moved jobs left in the outbox to the queue.*"at":"start"/);
    const asks = await eventually(
      async () => messages(intro.id).filter((t) => t.includes(`To: ${c.broker.email}`) && t.includes('asks for an introduction')),
      (m) => m.length > 0,
      30_000,
    );
    expect(asks).toHaveLength(1);
  }, 120_000);

  it("ends an ask whose expiry job Redis lost, frees the broker's place and tells the member", async () => {
    expect(await stack.stopWorker('SIGTERM')).toBe(true);
    const c = await chain('Slater');
    const intro = await request(c.member, await pathTo(c.member, c.work));
    const queue = stack.queue(QueueName.Introductions);
    const expireId = `expire.${localId(intro.id)}.0.1`;
    await eventually(
      () => queue.getJobState(expireId),
      (state) => state === 'delayed',
      20_000,
    );
    // Redis lost it (a crash within its last second before writing to disk); it could as well have failed for good.
    await queue.remove(expireId);
    const load = async () => ok(await gql<{ me: any }>(`{ me { brokerLoad { openAsks } } }`, {}, c.broker.token)).me.brokerLoad.openAsks;
    expect(await load()).toBe(1);
    await stack.startWorker();
    const expired = await eventually(
      () => get(c.member, intro.id),
      (r) => r?.status === 'EXPIRED',
      90_000,
    );
    expect(expired).toMatchObject({ status: 'EXPIRED', currentStep: null, expiresAt: null });
    expect(expired!.history.find((e: Intro) => e.status === 'EXPIRED')).toMatchObject({ actorLabel: 'Backr', note: 'no answer in time' });
    expect(expiries(expired)).toBe(1);
    expect(await queue.getJobState(expireId)).toBe('unknown'); // ended by the sweep: no job ran
    expect(readFileSync(stack.workerLog, 'utf8')).toMatch(/ended open asks past their deadline whose expiry job never ran/);
    expect(await load()).toBe(0);
    const closing = await eventually(
      async () => messages(intro.id).filter((t) => t.includes('has closed')),
      (m) => m.length > 0,
      30_000,
    );
    expect(closing).toHaveLength(1);
    expect(closing[0]).toContain(`To: ${c.member.email}`);
  }, 150_000);

  it('lets the job in hand finish when the worker gets SIGTERM', async () => {
    await stack.stopWorker('SIGTERM');
    // A long lock: a busy machine's pause must not make BullMQ take the held job for stalled and rerun it.
    await stack.startWorker({ WORKER_FAULT_DELAY_MS: '4000', WORKER_FAULT_JOBS: 'intro.expire', WORKER_LOCK_MS: '30000' });
    const c = await chain('Scaffolder');
    const intro = await request(c.member, await pathTo(c.member, c.work));
    await eventually(
      () => get(c.member, intro.id),
      (r) => r?.status === 'EXPIRED',
      45_000,
    );
    const stoppedAt = Date.now();
    expect(await stack.stopWorker('SIGTERM', 40_000)).toBe(true);
    const job = await stack.queue(QueueName.Introductions).getJob(`expire.${localId(intro.id)}.0.1`);
    expect(await job!.getState()).toBe('completed');
    expect(job!.attemptsStarted).toBe(1);
    expect(Date.now() - stoppedAt).toBeLessThan(30_000);
    await stack.startWorker();
  }, 150_000);
});

describe('coach nudges', () => {
  const PROGRESS = `query($m: ID!) { memberProgress(memberId: $m) { stalled nudgedAt lastActivityAt } }`;
  it('flags a stalled member to their coach once per stall, and again after the member acts and stalls again', async () => {
    const coach = await account(['COACH'], unique('Nudge Coach'));
    const member = await account(['MEMBER'], unique('Quiet Member'));
    const admin = await account(['ADMIN'], unique('Nudge Admin'));
    ok(await gql(`mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { stalled } }`, { m: member.personId, c: coach.personId }, admin.token));
    const progress = async () => ok(await gql<{ memberProgress: any }>(PROGRESS, { m: member.personId }, coach.token)).memberProgress;
    const first = await eventually(progress, (p) => p.stalled && p.nudgedAt !== null, 40_000);
    // The caseload puts the stalled member above one who has just joined (and who is not stalled
    // yet, if the machine read the caseload within the 8 s that takes).
    const joinedAt = Date.now();
    const busy = await account(['MEMBER'], unique('Busy Member'));
    ok(await gql(`mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { stalled } }`, { m: busy.personId, c: coach.personId }, admin.token));
    const order = ok(
      await gql<{ caseload: any }>(`{ caseload { members { edges { node { member { id } stalled } } } } }`, {}, coach.token),
    ).caseload.members.edges.map((e: any) => e.node);
    const quick = Date.now() - joinedAt < 8000;
    expect(order).toEqual([
      { member: { id: member.personId }, stalled: true },
      { member: { id: busy.personId }, stalled: quick ? false : expect.any(Boolean) },
    ]);
    const toCoach = () => messages(`To: ${coach.email}`).filter((t) => t.includes('may need a check-in') && t.includes('Quiet Member'));
    await eventually(
      async () => toCoach(),
      (m) => m.length === 1,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3000)); // several more runs of the job
    expect(toCoach()).toHaveLength(1);
    expect((await progress()).nudgedAt).toBe(first.nudgedAt);

    const actedAt = Date.now();
    await addContact(member, { displayName: 'New Friend', context: 'FRIEND', strength: 0.5 });
    const now = await progress();
    if (Date.now() - actedAt < 8000) expect(now).toMatchObject({ stalled: false, nudgedAt: null });
    const second = await eventually(progress, (p) => p.stalled && p.nudgedAt !== null && p.nudgedAt !== first.nudgedAt, 40_000);
    expect(second.nudgedAt).not.toBe(first.nudgedAt);
    expect(
      (
        await eventually(
          async () => toCoach(),
          (m) => m.filter((t) => t.includes('Quiet Member')).length === 2,
          30_000,
        )
      ).filter((t) => t.includes('Quiet Member')).length,
    ).toBe(2);
  }, 180_000);
});

describe('imports', () => {
  it('resumes an import whose worker was killed mid-way, without duplicating a row', async () => {
    const user = await account(['MEMBER'], unique('Big Importer'));
    const rows = 6000;
    const queued = await importFile(user, 'LINKEDIN_CSV', linkedInExport(rows, unique('kill').replace(/-/g, '')));
    const midway = await eventually(
      async () => ok(await gql<{ importJob: any }>(JOB, { id: queued.id }, user.token)).importJob,
      (job) => job.status === 'RUNNING' && job.processedRows > 0,
      30_000,
    );
    expect(midway.processedRows).toBeLessThan(rows);
    expect(await stack.stopWorker('SIGKILL', 5_000)).toBe(true);
    const atKill = ok(await gql<{ importJob: any }>(JOB, { id: queued.id }, user.token)).importJob;
    expect(atKill.status).toBe('RUNNING');
    // A longer lock than the stack's 3 s: in one CI run a pause of the busy machine cost the restarted
    // worker its lock on the resumed job, and BullMQ failed it as stalled a second time.
    await stack.startWorker({ WORKER_LOCK_MS: '10000' });
    const job = await finished(user, queued.id, 120_000);
    expect(job).toMatchObject({ status: 'COMPLETED', totalRows: rows, processedRows: rows, created: rows, linkedExisting: 0 });
    const net = ok(await gql<{ network: any }>(`{ network(first: 1) { totalCount } }`, {}, user.token)).network;
    expect(net.totalCount).toBe(rows);
    const bull = await stack.queue(QueueName.Imports).getJob(`import.${localId(queued.id)}`);
    expect(bull!.attemptsStarted).toBeGreaterThanOrEqual(2); // the same job ran again and resumed
  }, 200_000);

  it('ends for its member an import whose queue job failed for good, and runs one whose queue job Redis lost', async () => {
    expect(await stack.stopWorker('SIGTERM')).toBe(true);
    const user = await account(['MEMBER'], unique('Stranded Importer'));
    const run = unique('strand').replace(/-/g, '');
    const doomed = await importFile(user, 'LINKEDIN_CSV', linkedInExport(4, `${run}a`));
    const lost = await importFile(user, 'LINKEDIN_CSV', linkedInExport(3, `${run}b`));
    const queue = stack.queue(QueueName.Imports);
    const bullId = (id: string) => `import.${localId(id)}`;
    await eventually(
      async () => Promise.all([queue.getJobState(bullId(doomed.id)), queue.getJobState(bullId(lost.id))]),
      (states) => states.every((s) => s === 'waiting'),
      20_000,
    );
    // Redis lost one job (a crash within its last second before writing to disk)...
    await queue.remove(bullId(lost.id));
    // ...and the other failed for good: taken as a worker would, then failed without a retry.
    const connection = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
    const taker = new Worker(QueueName.Imports, null, { connection, prefix: stack.prefix, autorun: false });
    const taken = await taker.getNextJob('test-token');
    expect(taken.id).toBe(bullId(doomed.id));
    await taken.moveToFailed(new UnrecoverableError('simulated: retries used up'), 'test-token');
    await taker.close();
    await connection.quit();
    expect(await queue.getJobState(bullId(doomed.id))).toBe('failed');

    await stack.startWorker();
    const failed = await finished(user, doomed.id, 60_000);
    expect(failed).toMatchObject({ status: 'FAILED', processedRows: 0, created: 0 });
    expect(failed.failure).toBe(
      'This import stopped because of a fault on our side. The contacts it had already added are kept. ' +
        'Please import the same file again to add the rest: contacts already added are not added twice.',
    );
    expect(failed.finishedAt).not.toBeNull();
    const uploads = await cypher<{ n: number }>(`MATCH (:ImportJob {id: $id})-[:HAS_UPLOAD]->(u) RETURN count(u) AS n`, { id: localId(doomed.id) });
    expect(uploads[0].n).toBe(0);
    const ran = await finished(user, lost.id, 60_000);
    expect(ran).toMatchObject({ status: 'COMPLETED', totalRows: 3, created: 3 });
    const net = ok(await gql<{ network: any }>(`{ network(first: 1) { totalCount } }`, {}, user.token)).network;
    expect(net.totalCount).toBe(3);
  }, 150_000);
});

function localId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

function codeOfRespond(res: { errors?: { extensions?: { code?: string } }[] }): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}
