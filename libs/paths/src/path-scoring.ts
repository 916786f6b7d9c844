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
  recentDeclines: number;
}

/**
 * How readily a person in the middle of a path can pass an ask on. 0: never used (an account
 * holder who set their capacity to 0 has opted out). A broker at capacity ranks lower, as does
 * one who declined asks recently. People without accounts are asked by whoever recorded them.
 */
export function brokerFactor(b: BrokerState): number {
  if (!b.isAccount) return 1;
  const capacity = b.brokerCapacity ?? 0;
  if (capacity <= 0) return 0;
  let factor = b.openAsks >= capacity ? 0.5 : 1;
  factor *= 0.8 ** Math.min(b.recentDeclines, 3);
  return factor;
}
