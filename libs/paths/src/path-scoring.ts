/**
 * How warm a path is: the product of its edges' weights and of its brokers' availability.
 * Every factor is at most 1, so a longer path can only be as warm as its prefix; that is
 * what lets the search stop at three hops and meet in the middle.
 */

const DAY_MS = 24 * 3600 * 1000;

/** An edge's weight: how well the two know each other, discounted when they have not been in touch for years. */
export function edgeWeight(strength: number, lastContactAtMs: number | null, nowMs: number): number {
  if (lastContactAtMs === null) return strength * 0.95;
  const days = (nowMs - lastContactAtMs) / DAY_MS;
  if (days <= 365) return strength;
  if (days <= 3 * 365) return strength * 0.9;
  return strength * 0.8;
}

export interface BrokerState {
  isAccount: boolean;
  brokerCapacity: number | null;
  openAsks: number;
  /** Declines of this viewer's asks in the last 30 days (a decline says nothing about other members). */
  recentDeclines: number;
  /** Asks started in the last 7 days. */
  weekAsks?: number;
  /** Requests waiting in line for this broker. */
  line?: number;
  awayUntil?: number | null;
  /** The viewer's own open asks with this broker, and asks this week. */
  viewerOpen?: number;
  viewerWeek?: number;
  /**
   * Asks this broker left unanswered past INTRO_ASK_UNANSWERED_SECONDS in the last 30 days, less one
   * for each answer since (silence says how reachable the broker is, for every member alike).
   */
  unanswered?: number;
}

/** The rules a broker's availability is judged by (from configuration) and the time it is judged at. */
export interface AvailabilityRules {
  nowMs: number;
  weeklyLimit: number;
  shareOpen: number;
  shareWeekly: number;
  /** Only brokers who can be asked now (a waiting request looking for a path with room). */
  onlyWithRoom?: boolean;
  /** A request looking for another path: none through a broker whose fair share this member used (it would be refused). */
  askableOnly?: boolean;
}

/** About how long an ask takes to be answered, for the expected wait in line. */
const TYPICAL_ANSWER_DAYS = 2;
/** A broker who cannot take an ask soon ranks below any comparable path with room. */
const BUSY = 0.05;
/** Each ask a broker left unanswered halves their rank (up to five): a path through someone who answers wins. */
const SILENT = 0.5;

/**
 * Days until a new ask could start with this broker: 0 when they have room now. Capacity frees
 * as asks are answered; the weekly limit frees as the week's asks age out.
 */
export function expectedWaitDays(b: BrokerState, rules: AvailabilityRules): number {
  const capacity = Math.max(1, b.brokerCapacity ?? 0);
  const line = b.line ?? 0;
  const ahead = line + Math.max(0, b.openAsks - capacity + 1);
  const byCapacity = ahead > 0 ? (ahead / capacity) * TYPICAL_ANSWER_DAYS : 0;
  const week = (b.weekAsks ?? 0) + line;
  const byWeek = week >= rules.weeklyLimit ? Math.floor(week / rules.weeklyLimit) * 7 : 0;
  const away = b.awayUntil && b.awayUntil > rules.nowMs ? (b.awayUntil - rules.nowMs) / DAY_MS : 0;
  return Math.max(byCapacity, byWeek, away);
}

/**
 * How readily a person in the middle of a path can pass an ask on. 0: never used (an account
 * holder who set their capacity to 0 has opted out, or is away). A broker with room ranks by
 * recent declines of this viewer's asks and asks they left unanswered; one without room (or whose fair share this viewer has
 * used) ranks far lower, by expected wait. People without accounts are asked by whoever recorded them.
 */
export function brokerFactor(b: BrokerState, rules?: AvailabilityRules): number {
  if (!b.isAccount) return 1;
  const capacity = b.brokerCapacity ?? 0;
  if (capacity <= 0) return 0;
  const declines = 0.8 ** Math.min(b.recentDeclines, 3) * SILENT ** Math.min(b.unanswered ?? 0, 5);
  if (!rules) return (b.openAsks >= capacity ? 0.5 : 1) * declines;
  if (b.awayUntil && b.awayUntil > rules.nowMs) return 0;
  // This member's share of the broker is used: any other path wins; shown last, a request along it is refused naming the limit.
  const shareUsed = (b.viewerOpen ?? 0) >= rules.shareOpen || (b.viewerWeek ?? 0) >= rules.shareWeekly;
  if (shareUsed && rules.askableOnly) return 0;
  const wait = shareUsed ? Math.max(7, expectedWaitDays(b, rules)) : expectedWaitDays(b, rules);
  if (wait === 0) return declines;
  return rules.onlyWithRoom ? 0 : (BUSY * declines) / (1 + wait);
}
