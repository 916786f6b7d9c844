/**
 * Every queue, job name and payload in one place. Payloads carry ids only, never names,
 * emails or other personal data: Redis keeps them in clear.
 */
export const QueueName = {
  System: 'system',
  Introductions: 'introductions',
  Notifications: 'notifications',
  Imports: 'imports',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  Heartbeat: 'system.heartbeat',
  /** Moves jobs recorded in the graph's transactional outbox to Redis (those an API crash left behind). */
  OutboxSweep: 'system.outbox-sweep',
  /** Starts the ask of a step that waits for a broker's capacity. */
  IntroDispatch: 'intro.dispatch',
  IntroRemind: 'intro.remind',
  IntroExpire: 'intro.expire',
  /** Looks for the next best path after a decline or expiry, for the member to confirm. */
  IntroReroute: 'intro.reroute',
  IntroOutcomeNudge: 'intro.outcome-nudge',
  /** A request waiting in line: offers a path with room that avoids the busy broker (at once, and again after the bounded wait). */
  IntroWaitCheck: 'intro.wait-check',
  /** Scheduled: ends an open ask well past its deadline whose expiry job failed for good or was lost. */
  IntroSweep: 'intro.sweep',
  /** Sends one message about an introduction; the text is composed at send time from the graph. */
  IntroNotify: 'intro.notify',
  /** Parses and writes one uploaded contact file, in batches, resuming after the last committed batch. */
  ImportRun: 'import.run',
  /** Scheduled: ends for its member an import whose queue job failed for good, and re-enqueues one Redis lost. */
  ImportSweep: 'import.sweep',
  /** Scheduled: flags members who stalled to their coach, once per stall, and tells the coach. */
  CoachNudge: 'coach.nudge-stalled',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** One ask: a step of a request, and which attempt at asking it (a step is asked again after waiting). */
export interface AskRef {
  requestId: string;
  step: number;
  attempt: number;
}

export const IntroMessageKind = {
  Ask: 'ask',
  Reminder: 'reminder',
  Introduced: 'introduced',
  Closed: 'closed',
  Rerouted: 'rerouted',
  OutcomeNudge: 'outcome-nudge',
  /** To a broker: an ask they received ended elsewhere (withdrawn, closed, someone left). */
  AskEnded: 'ask-ended',
  /** To a requester waiting in line: another path with room exists now. */
  WaitingAlternative: 'waiting-alternative',
  /** To a requester: the person asked has not answered in time; another path could be asked now. */
  UnansweredAlternative: 'unanswered-alternative',
  /** To a requester who opted in to automatic re-routing: their request moved to another path. */
  Moved: 'moved',
} as const;
export type IntroMessageKind = (typeof IntroMessageKind)[keyof typeof IntroMessageKind];

export interface JobPayloads {
  [JobName.Heartbeat]: { scheduledBy: 'worker' };
  [JobName.OutboxSweep]: { scheduledBy: 'worker' };
  [JobName.IntroDispatch]: { requestId: string; step: number };
  [JobName.IntroRemind]: AskRef;
  [JobName.IntroExpire]: AskRef;
  [JobName.IntroReroute]: { requestId: string };
  [JobName.IntroOutcomeNudge]: { requestId: string };
  [JobName.IntroWaitCheck]: AskRef & { final: boolean };
  [JobName.IntroSweep]: { scheduledBy: 'worker' };
  [JobName.IntroNotify]: { requestId: string; kind: IntroMessageKind; recipientId: string; step: number; attempt: number };
  [JobName.ImportRun]: { jobId: string };
  [JobName.ImportSweep]: { scheduledBy: 'worker' };
  [JobName.CoachNudge]: { scheduledBy: 'worker' };
}

/** Which queue each job runs on. */
export const JobQueue: { [N in JobName]: QueueName } = {
  [JobName.Heartbeat]: QueueName.System,
  [JobName.OutboxSweep]: QueueName.System,
  [JobName.IntroDispatch]: QueueName.Introductions,
  [JobName.IntroRemind]: QueueName.Introductions,
  [JobName.IntroExpire]: QueueName.Introductions,
  [JobName.IntroReroute]: QueueName.Introductions,
  [JobName.IntroOutcomeNudge]: QueueName.Introductions,
  [JobName.IntroWaitCheck]: QueueName.Introductions,
  [JobName.IntroSweep]: QueueName.System,
  [JobName.IntroNotify]: QueueName.Notifications,
  [JobName.ImportRun]: QueueName.Imports,
  // On the system queue: long imports fill the imports queue's two places.
  [JobName.ImportSweep]: QueueName.System,
  [JobName.CoachNudge]: QueueName.System,
};

/** A job to enqueue once, after the transaction that decided it commits. */
export interface PlannedJob<N extends JobName = JobName> {
  name: N;
  data: JobPayloads[N];
  /** Deterministic: the same decision replayed yields the same id, and BullMQ keeps one job per id. */
  jobId: string;
  /** Epoch ms before which the job must not run. */
  runAt?: number;
}

export const HEARTBEAT_KEY = 'worker:heartbeat';
/** Redis pub/sub channel (under QUEUE_PREFIX) on which introduction changes are announced, by id only. */
export const INTRO_UPDATED_CHANNEL = 'intro-updated';
/** Redis pub/sub channel on which import jobs announce progress, by id only. */
export const IMPORT_PROGRESS_CHANNEL = 'import-progress';
/** An account was erased (person id): every API replica drops its cached sign-in at once. */
export const ACCOUNT_ERASED_CHANNEL = 'account-erased';
