import { conflict } from '#libs/common';

export const INTRO_STATUSES = ['REQUESTED', 'ASKING', 'TARGET_ASKED', 'INTRODUCED', 'MET', 'CLOSED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'] as const;
export type IntroStatus = (typeof INTRO_STATUSES)[number];

export const INTRO_OUTCOMES = ['JOB_OFFER', 'WORK_TRIAL', 'ADVICE', 'REFERRAL', 'NEW_CONTACT', 'NONE'] as const;
export type IntroOutcome = (typeof INTRO_OUTCOMES)[number];

/**
 * The whole state machine. ASKING → ASKING is the ask moving to the next broker; an ask that
 * waits for a broker's capacity stays ASKING (the history says it waits).
 */
const NEXT: Record<IntroStatus, readonly IntroStatus[]> = {
  REQUESTED: ['ASKING', 'TARGET_ASKED', 'WITHDRAWN', 'EXPIRED'],
  ASKING: ['ASKING', 'TARGET_ASKED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'],
  TARGET_ASKED: ['INTRODUCED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'],
  INTRODUCED: ['MET', 'CLOSED'],
  MET: ['CLOSED'],
  CLOSED: [],
  DECLINED: [],
  EXPIRED: [],
  WITHDRAWN: [],
};

const WHY: Partial<Record<IntroStatus, string>> = {
  CLOSED: 'this introduction is closed',
  DECLINED: 'this introduction was declined and is closed',
  EXPIRED: 'this introduction expired and is closed',
  WITHDRAWN: 'this introduction was withdrawn',
};

/** Statuses in which an ask is open (someone is being asked or waits to be). */
export const OPEN_STATUSES: readonly IntroStatus[] = ['REQUESTED', 'ASKING', 'TARGET_ASKED'];
export const ENDED_STATUSES: readonly IntroStatus[] = ['CLOSED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'];

export function canMove(from: IntroStatus, to: IntroStatus): boolean {
  return NEXT[from].includes(to);
}

/** Throws CONFLICT (with the reason a person can act on) unless `from → to` is a legal transition. */
export function assertTransition(from: IntroStatus, to: IntroStatus, action: string): void {
  if (canMove(from, to)) return;
  const reason = WHY[from] ?? `the introduction is ${from.toLowerCase().replace('_', ' ')}`;
  throw conflict(`cannot ${action}: ${reason}`);
}

/** The status while step `index` of `count` is asked: the last step is the target. */
export const askingStatus = (index: number, count: number): IntroStatus => (index === count - 1 ? 'TARGET_ASKED' : 'ASKING');
