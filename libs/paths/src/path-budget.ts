import type { HopRow } from './paths.repository.js';
import { brokerFactor, edgeWeight, type AvailabilityRules, type BrokerState } from './path-scoring.js';

/** Bounds on every expansion, so one query's cost depends on the neighbourhood, never on the graph. */
export const PATH_LIMITS = {
  /** Lent edges read out of any one hop-1 broker. */
  hop2PerBroker: 5_000,
  /**
   * Relationships of hop-1 brokers expanded in all, strongest ties first. Only very large networks
   * reach it; past it, paths through their weakest ties are not explored.
   */
  hop2Budget: 60_000,
  /** People doing the work read on the target side before the other direction is taken. */
  targetSideMaxRoles: 100_000,
  titleTargets: 500,
};

/** Hop-1 people who may broker, strongest tie first, while their relationships fit the budget. */
export function budgetedBrokers(rows: (HopRow & { degree: number })[], states: Map<string, BrokerState>, now: number, rules: AvailabilityRules): string[] {
  const best = new Map<string, { w: number; degree: number }>();
  for (const r of rows) {
    if (brokerFactor(states.get(r.b)!, rules) <= 0) continue;
    const w = edgeWeight(r.strength, r.last, now);
    if (w > (best.get(r.b)?.w ?? -1)) best.set(r.b, { w, degree: r.degree });
  }
  const chosen: string[] = [];
  let spent = 0;
  for (const [key, { degree }] of [...best.entries()].sort((a, b) => b[1].w - a[1].w || (a[0] < b[0] ? -1 : 1))) {
    const cost = Math.min(degree, PATH_LIMITS.hop2PerBroker);
    if (chosen.length && spent + cost > PATH_LIMITS.hop2Budget) break;
    chosen.push(key);
    spent += cost;
  }
  return chosen;
}

export function remember(states: Map<string, BrokerState>, rows: HopRow[]): void {
  for (const r of rows) if (!states.has(r.b)) states.set(r.b, r);
}
