import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, recordPathChange, runRows, type Tx } from '#libs/graph';
import { PERSON_VIEW, type PersonView, type RelationshipContext, type WorkRoleView } from '#libs/network';
import type { IntroOutcome, IntroStatus } from './intro-state.js';
import type { EventKind, EventRecord, RequestRecord, StepRecord, StepState } from './intro.types.js';

const REQUEST_RECORD = `
  r {.id, .requesterId, .targetId, .status, .message, .currentStep, .outcome, .nextPath, .nextPathScore, .stepCount, .movedTo,
     createdAt: toString(r.createdAt), updatedAt: toString(r.updatedAt), expiresAt: toString(r.expiresAt)} AS r,
  COLLECT { MATCH (r)-[s:STEP]->(p:Person)
            RETURN s {.index, .label, .work, .context, .strength, .recordedBy, .state, .askeeId, .attempt,
                      personId: p.id, personIsAccount: p:Account} AS s ORDER BY s.index } AS steps,
  COLLECT { MATCH (r)-[:HAS_EVENT]->(e:IntroEvent)
            RETURN e {.seq, .kind, .status, .actorId, .step, .note, at: toString(e.at)} AS e ORDER BY e.seq } AS events,
  COLLECT { MATCH (r)-[:ASKED]->(b:Person) RETURN b.id } AS askedIds`;

export interface NewEvent {
  kind: EventKind;
  status: IntroStatus;
  actorId: string | null;
  step: number | null;
  note: string | null;
  relayedFor?: string | null;
  shareWithCoach?: boolean;
}

const eventParams = (e: NewEvent) => ({ ...e, relayedFor: e.relayedFor ?? null, shareWithCoach: e.shareWithCoach ?? false });

/** Appends an event to request `r` (expects $ev and $now). */
const ADD_EVENT = `
  SET r.eventSeq = coalesce(r.eventSeq, 0) + 1
  CREATE (r)-[:HAS_EVENT]->(:IntroEvent {seq: r.eventSeq, at: datetime($now), kind: $ev.kind, status: $ev.status, actorId: $ev.actorId,
                                         step: $ev.step, note: $ev.note, relayedFor: $ev.relayedFor, shareWithCoach: $ev.shareWithCoach})`;

interface RawRecord {
  r: Omit<RequestRecord, 'steps' | 'events'>;
  steps: (Omit<StepRecord, 'work'> & { work: string | null })[];
  events: EventRecord[];
  askedIds: string[];
}

function toRecord(raw: RawRecord): RequestRecord {
  return {
    ...raw.r,
    steps: raw.steps.map((s) => ({ ...s, work: s.work ? (JSON.parse(s.work) as WorkRoleView) : null })),
    events: raw.events,
    askedIds: raw.askedIds,
  };
}

export interface NewStep {
  index: number;
  personId: string;
  label: string;
  work: WorkRoleView | null;
  context: RelationshipContext;
  strength: number;
  recordedBy: string;
}

export interface NewRequest {
  id: string;
  requesterId: string;
  targetId: string;
  message: string;
  idempotencyKey: string | null;
  score: number;
  rerouteOf: string | null;
  steps: NewStep[];
}

export interface AskState {
  personId: string;
  isAccount: boolean;
  recorderId: string | null;
  /** Who answers; null when nobody can (the recorder's account is gone). */
  askeeId: string | null;
  state: StepRecord['state'];
  open: number;
  capacity: number;
  /** Asks started in the last week (epoch ms). */
  recent: number[];
  awayUntil: number | null;
  /** When this request joined (or would join) the broker's line. */
  since: number;
  /** Requests waiting for this broker that go before this one. */
  ahead: number;
  nextWaiting: { id: string; step: number } | null;
  /** The previous step was this same broker's yes: this ask finishes what they agreed to. */
  sameBrokerSaidYes: boolean;
}

/** All Cypher for introductions. Functions taking a `tx` run inside the caller's transaction. */
@Injectable()
export class IntroductionsRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /**
   * Locks the requester and everyone on the path (one global order), then reads the request with
   * this idempotency key, any open request to the same target, the latest ended one, the
   * requester's own relationship to the target if they recorded them (as they see it), and the edge each
   * step is reached by (the strongest one the requester may use) with who recorded it. One round trip.
   */
  async prepareRequest(tx: Tx, p: { requesterId: string; nodes: string[]; idempotencyKey: string | null; targetId: string; open: readonly IntroStatus[] }) {
    const pairs = p.nodes.map((to, index) => ({ index, from: index === 0 ? p.requesterId : p.nodes[index - 1], to }));
    const [row] = await runRows<{
      existingId: string | null;
      openId: string | null;
      previous: { id: string; status: IntroStatus; createdAt: string; nextPath: string[] | null } | null;
      ownContact: { person: PersonView; strength: number; last: number | null } | null;
      edges: { index: number; context: RelationshipContext; strength: number; recordedBy: string }[];
    }>(
      tx,
      `UNWIND $ids AS pid
       MATCH (p:Person {id: pid})
       SET p._lock = true REMOVE p._lock
       WITH count(*) AS locked
       MATCH (v:Person:Account {id: $requesterId})
       RETURN head(COLLECT { MATCH (v)-[:REQUESTED]->(r:IntroRequest) WHERE r.idempotencyKey = $key RETURN r.id }) AS existingId,
              head(COLLECT { MATCH (v)-[:REQUESTED]->(r:IntroRequest {targetId: $targetId}) WHERE r.status IN $open RETURN r.id }) AS openId,
              head(COLLECT { MATCH (v)-[:REQUESTED]->(r:IntroRequest {targetId: $targetId}) WHERE NOT r.status IN $open
                             RETURN r {.id, .status, .nextPath, createdAt: toString(r.createdAt)} ORDER BY r.createdAt DESC LIMIT 1 }) AS previous,
              head(COLLECT { MATCH (v)-[k:KNOWS {recordedBy: $requesterId}]->(p:Person {id: $targetId})
                             RETURN {person: ${PERSON_VIEW}, strength: k.strength, last: k.lastContactAt.epochMillis} LIMIT 1 }) AS ownContact,
              COLLECT {
                UNWIND $pairs AS pair
                MATCH (x:Person {id: pair.from})-[k:KNOWS]-(y:Person {id: pair.to})
                WHERE k.recordedBy = $requesterId OR k.lent = true
                WITH pair, k ORDER BY k.strength DESC
                WITH pair, head(collect(k)) AS k
                RETURN {index: pair.index, context: k.context, strength: k.strength, recordedBy: k.recordedBy} AS edge
              } AS edges`,
      {
        ids: [...new Set([p.requesterId, ...p.nodes])].sort(),
        requesterId: p.requesterId,
        viewerId: p.requesterId,
        key: p.idempotencyKey,
        targetId: p.targetId,
        open: p.open,
        pairs,
      },
    );
    return row ?? { existingId: null, openId: null, previous: null, ownContact: null, edges: [] };
  }

  /** Creates the request, its steps and its first event. */
  async create(tx: Tx, req: NewRequest, ev: NewEvent, now: string): Promise<void> {
    await runRows(
      tx,
      `MATCH (v:Person {id: $requesterId})
       CREATE (r:IntroRequest {id: $id, requesterId: $requesterId, targetId: $targetId, status: 'REQUESTED', message: $message,
                               createdAt: datetime($now), updatedAt: datetime($now), idempotencyKey: $idempotencyKey,
                               stepCount: size($steps), score: $score, rerouteOf: $rerouteOf, eventSeq: 0})
       CREATE (v)-[:REQUESTED]->(r)
       ${ADD_EVENT}
       WITH r
       UNWIND $steps AS s
       MATCH (p:Person {id: s.personId})
       CREATE (r)-[:STEP {index: s.index, label: s.label, work: s.work, context: s.context, strength: s.strength,
                          recordedBy: s.recordedBy, state: 'PENDING', attempt: 0}]->(p)`,
      { ...req, now, ev: eventParams(ev), steps: req.steps.map((s) => ({ ...s, work: s.work ? JSON.stringify(s.work) : null })) },
    );
  }

  /**
   * Locks the request, then everyone on it in one global order (by id), and reads it: answers,
   * withdrawals and jobs on one request run one at a time, and never deadlock with new requests.
   */
  async lockAndLoad(tx: Tx, id: string): Promise<RequestRecord | null> {
    const [row] = await runRows<RawRecord>(
      tx,
      `MATCH (r:IntroRequest {id: $id})
       SET r._lock = true REMOVE r._lock
       WITH r
       CALL (r) {
         MATCH (r)-[s:STEP]->(p:Person)
         UNWIND [p.id, s.recordedBy, r.requesterId] AS pid
         WITH DISTINCT pid ORDER BY pid
         MATCH (x:Person {id: pid})
         SET x._lock = true REMOVE x._lock
         RETURN count(*) AS locked
       }
       RETURN ${REQUEST_RECORD}`,
      { id },
    );
    return row ? toRecord(row) : null;
  }

  async load(id: string): Promise<RequestRecord | null> {
    const [row] = await this.neo4j.readRows<RawRecord>(`MATCH (r:IntroRequest {id: $id}) RETURN ${REQUEST_RECORD}`, { id });
    return row ? toRecord(row) : null;
  }

  async loadMany(ids: string[]): Promise<RequestRecord[]> {
    if (!ids.length) return [];
    const rows = await this.neo4j.readRows<RawRecord>(`UNWIND $ids AS id MATCH (r:IntroRequest {id: id}) RETURN ${REQUEST_RECORD}`, { ids });
    const byId = new Map(rows.map((row) => [row.r.id, toRecord(row)]));
    return ids.map((id) => byId.get(id)).filter((r): r is RequestRecord => !!r);
  }

  async addEvent(tx: Tx, id: string, ev: NewEvent, now: string): Promise<void> {
    await runRows(tx, `MATCH (r:IntroRequest {id: $id}) ${ADD_EVENT}`, { id, now, ev: eventParams(ev) });
  }

  async setStatus(
    tx: Tx,
    id: string,
    status: IntroStatus,
    now: string,
    fields: { currentStep?: number | null; outcome?: IntroOutcome | null; expiresAt?: string | null } = {},
  ) {
    await runRows(
      tx,
      `MATCH (r:IntroRequest {id: $id})
       SET r.status = $status, r.updatedAt = datetime($now),
           r.currentStep = CASE WHEN $setStep THEN $currentStep ELSE r.currentStep END,
           r.outcome = CASE WHEN $setOutcome THEN $outcome ELSE r.outcome END,
           r.expiresAt = CASE WHEN $setExpiry THEN datetime($expiresAt) ELSE r.expiresAt END`,
      {
        id,
        status,
        now,
        setStep: 'currentStep' in fields,
        currentStep: fields.currentStep ?? null,
        setOutcome: 'outcome' in fields,
        outcome: fields.outcome ?? null,
        setExpiry: 'expiresAt' in fields,
        expiresAt: fields.expiresAt ?? null,
      },
    );
  }

  async setStep(tx: Tx, id: string, index: number, state: StepState, now: string, answeredBy: string | null = null) {
    await runRows(
      tx,
      `MATCH (r:IntroRequest {id: $id})-[s:STEP {index: $index}]->()
       SET s.state = $state, s.answeredAt = CASE WHEN $answered THEN datetime($now) ELSE s.answeredAt END,
           s.answeredBy = CASE WHEN $answered THEN $answeredBy ELSE s.answeredBy END`,
      { id, index, state, now, answered: answeredBy !== null, answeredBy },
    );
  }

  /**
   * Who answers for a step (the person when they hold an account, else the account holder who
   * recorded how they are known), and that account's load: open asks counting against capacity,
   * asks started this week, whether another request waits longer, and who waits longest.
   * The caller holds the locks of everyone on the request, so these reads are current.
   */
  async askState(tx: Tx, id: string, index: number, nowMs: number, weekAgoMs: number, priority: number): Promise<AskState | null> {
    const [row] = await runRows<AskState>(
      tx,
      `MATCH (r:IntroRequest {id: $id})-[s:STEP {index: $index}]->(p:Person)
       OPTIONAL MATCH (rec:Person:Account {id: s.recordedBy})
       // A relay needs the recorder still to record this person (they may have removed them since).
       WITH r, s, p, rec,
            CASE WHEN p:Account THEN p WHEN rec IS NOT NULL AND EXISTS { (rec)-[:KNOWS {recordedBy: rec.id}]->(p) } THEN rec ELSE null END AS b
       OPTIONAL MATCH (r)-[mine:WAITS_FOR]->()
       WITH r, s, p, rec, b, coalesce(mine.since, CASE WHEN $priority = 0 THEN r.createdAt.epochMillis ELSE $nowMs END) AS since
       RETURN p.id AS personId, p:Account AS isAccount, rec.id AS recorderId, b.id AS askeeId, s.state AS state,
              CASE WHEN b IS NULL THEN 0 ELSE COUNT { (b)<-[:ASKS {counts: true}]-() } END AS open,
              coalesce(b.brokerCapacity, 0) AS capacity,
              [t IN coalesce(b.askLog, []) WHERE t > $weekAgoMs] AS recent,
              b.awayUntil.epochMillis AS awayUntil,
              since,
              CASE WHEN b IS NULL THEN 0
                   ELSE COUNT { MATCH (w:IntroRequest)-[ww:WAITS_FOR]->(b)
                                WHERE w.id <> $id AND (coalesce(ww.priority, 1) < $priority OR (coalesce(ww.priority, 1) = $priority AND ww.since < since)) } END AS ahead,
              CASE WHEN b IS NULL THEN null
                   ELSE head(COLLECT { MATCH (w:IntroRequest)-[ww:WAITS_FOR]->(b) WHERE w.id <> $id
                                       RETURN {id: w.id, step: w.currentStep} ORDER BY coalesce(ww.priority, 1), ww.since, w.id LIMIT 1 }) END AS nextWaiting,
              EXISTS { MATCH (r)-[prev:STEP {index: $index - 1}]->() WHERE prev.state = 'ACCEPTED' AND prev.answeredBy = b.id } AS sameBrokerSaidYes`,
      { id, index, nowMs, weekAgoMs, priority },
    );
    return row ?? null;
  }

  /** Opens the ask of a step and moves the request on, with its event: the askee sees it in their inbox. */
  async openAsk(
    tx: Tx,
    a: {
      id: string;
      index: number;
      askeeId: string;
      counts: boolean;
      logWeek: boolean;
      recent: number[];
      status: IntroStatus;
      expiresAt: string;
      nowMs: number;
    },
    now: string,
  ): Promise<number> {
    const waited = await this.waitedFor(tx, a.id);
    const [row] = await runRows<{ attempt: number }>(
      tx,
      `MATCH (r:IntroRequest {id: $id})-[s:STEP {index: $index}]->()
       MATCH (b:Person:Account {id: $askeeId})
       OPTIONAL MATCH (r)-[w:WAITS_FOR]->()
       DELETE w
       WITH DISTINCT r, s, b
       SET s.state = 'ASKED', s.askeeId = $askeeId, s.attempt = coalesce(s.attempt, 0) + 1, s.askedAt = datetime($now),
           r.status = $status, r.currentStep = $index, r.updatedAt = datetime($now), r.expiresAt = datetime($expiresAt),
           r.nextPath = null, r.nextPathScore = null
       CREATE (r)-[:ASKS {step: $index, counts: $counts}]->(b)
       MERGE (r)-[asked:ASKED]->(b)
       SET asked.at = CASE WHEN $counts AND $logWeek THEN coalesce(asked.at, $nowMs) ELSE asked.at END,
           b.askLog = CASE WHEN $counts AND $logWeek THEN $recent + $nowMs ELSE b.askLog END
       ${ADD_EVENT}
       WITH s, b
       SET b.openAsks = COUNT { (b)<-[:ASKS {counts: true}]-() }
       RETURN s.attempt AS attempt`,
      { ...a, now, ev: eventParams({ kind: 'ASKED', status: a.status, actorId: null, step: a.index, note: null }) },
    );
    await recordPathChange(tx, [a.askeeId, ...waited], [], { stateOnly: true });
    return row.attempt;
  }

  /** Puts a step in line for its broker (the request stays ASKING), with its event. */
  async wait(
    tx: Tx,
    a: { id: string; index: number; askeeId: string; expiresAt: string; nowMs: number; since: number; priority: number; reason: string },
    now: string,
  ): Promise<number> {
    const [row] = await runRows<{ attempt: number }>(
      tx,
      `MATCH (r:IntroRequest {id: $id})-[s:STEP {index: $index}]->()
       MATCH (b:Person:Account {id: $askeeId})
       SET s.state = 'WAITING', s.askeeId = $askeeId, s.attempt = coalesce(s.attempt, 0) + 1,
           r.status = 'ASKING', r.currentStep = $index, r.updatedAt = datetime($now), r.expiresAt = datetime($expiresAt),
           r.nextPath = null, r.nextPathScore = null
       MERGE (r)-[w:WAITS_FOR]->(b) ON CREATE SET w.since = $since, w.priority = $priority
       ${ADD_EVENT}
       RETURN s.attempt AS attempt`,
      { ...a, now, ev: eventParams({ kind: 'WAITING', status: 'ASKING', actorId: null, step: a.index, note: a.reason }) },
    );
    await recordPathChange(tx, [a.askeeId], [], { stateOnly: true });
    return row.attempt;
  }

  /**
   * Closes the request's open ask or place in line, and returns the broker freed with the
   * request waiting longest for them (to be asked next).
   */
  async release(tx: Tx, id: string): Promise<{ brokerId: string; next: { id: string; step: number } | null } | null> {
    const waited = await this.waitedFor(tx, id);
    await runRows(tx, `MATCH (:IntroRequest {id: $id})-[w:WAITS_FOR]->() DELETE w`, { id });
    const [row] = await runRows<{ brokerId: string; next: { id: string; step: number } | null }>(
      tx,
      `MATCH (r:IntroRequest {id: $id})-[a:ASKS]->(b:Person)
       DELETE a
       WITH DISTINCT b
       SET b.openAsks = COUNT { (b)<-[:ASKS {counts: true}]-() }
       RETURN b.id AS brokerId,
              head(COLLECT { MATCH (w:IntroRequest)-[ww:WAITS_FOR]->(b)
                             RETURN {id: w.id, step: w.currentStep} ORDER BY coalesce(ww.priority, 1), ww.since, w.id LIMIT 1 }) AS next`,
      { id },
    );
    await recordPathChange(tx, [row?.brokerId, ...waited], [], { stateOnly: true });
    return row ?? null;
  }

  /** A request moved to another path (automatic re-routing) points at the request that goes on. */
  async setMovedTo(tx: Tx, id: string, movedTo: string): Promise<void> {
    await runRows(tx, `MATCH (r:IntroRequest {id: $id}) SET r.movedTo = $movedTo`, { id, movedTo });
  }

  /** Brokers the request waits in line for (their line is about to change). */
  private async waitedFor(tx: Tx, id: string): Promise<string[]> {
    const rows = await runRows<{ id: string }>(tx, `MATCH (:IntroRequest {id: $id})-[:WAITS_FOR]->(b:Person) RETURN b.id AS id`, { id });
    return rows.map((r) => r.id);
  }

  async setNextPath(tx: Tx, id: string, nodes: string[] | null, score: number | null): Promise<void> {
    await runRows(tx, `MATCH (r:IntroRequest {id: $id}) SET r.nextPath = $nodes, r.nextPathScore = $score, r.rerouteSearched = true`, { id, nodes, score });
  }

  /**
   * Claims the data-protection notice for this message to a person without an account: true when
   * this message is their first (also when it is sent again after a crash).
   */
  async claimFirstNotice(personId: string, messageId: string): Promise<boolean> {
    const [row] = await this.neo4j.writeRows<{ first: boolean }>(
      `MATCH (p:Person {id: $personId})
       SET p.noticeMessageId = coalesce(p.noticeMessageId, $messageId), p.noticeSentAt = coalesce(p.noticeSentAt, datetime())
       RETURN p.noticeMessageId = $messageId AS first`,
      { personId, messageId },
    );
    return row?.first ?? false;
  }
}
