import { describe, expect, it } from '@jest/globals';
import { brokerFactor, expectedWaitDays, type BrokerState } from '#libs/paths';

const now = Date.UTC(2026, 5, 1);
const rules = { nowMs: now, weeklyLimit: 10, shareOpen: 1, shareWeekly: 2 };
const broker = (over: Partial<BrokerState> = {}): BrokerState => ({
  isAccount: true,
  brokerCapacity: 4,
  openAsks: 0,
  recentDeclines: 0,
  weekAsks: 0,
  line: 0,
  awayUntil: null,
  viewerOpen: 0,
  viewerWeek: 0,
  ...over,
});

describe('broker availability in path ranking', () => {
  it("ranks a broker with room by this member's recent declines only", () => {
    expect(brokerFactor(broker(), rules)).toBe(1);
    expect(brokerFactor(broker({ recentDeclines: 2 }), rules)).toBeCloseTo(0.64, 10);
  });

  it("halves a broker's rank for each ask they left unanswered (up to five), for every member alike", () => {
    expect(brokerFactor(broker({ unanswered: 1 }), rules)).toBeCloseTo(0.5, 10);
    expect(brokerFactor(broker({ unanswered: 2, recentDeclines: 1 }), rules)).toBeCloseTo(0.25 * 0.8, 10);
    expect(brokerFactor(broker({ unanswered: 9 }), rules)).toBeCloseTo(0.5 ** 5, 10);
    // A silent broker with room still ranks above one who is busy for days.
    expect(brokerFactor(broker({ unanswered: 1 }), rules)).toBeGreaterThan(brokerFactor(broker({ weekAsks: 10 }), rules));
  });

  it('ranks a broker who used the weekly limit far below one with room, though they hold no open ask', () => {
    const star = broker({ weekAsks: 10, openAsks: 0 });
    expect(expectedWaitDays(star, rules)).toBe(7);
    expect(brokerFactor(star, rules)).toBeLessThan(0.01);
    // A path through the free broker wins even when its ties are much weaker.
    expect(0.3 * brokerFactor(broker(), rules)).toBeGreaterThan(0.95 * brokerFactor(star, rules));
  });

  it('counts the line waiting and open asks against capacity as expected wait', () => {
    expect(expectedWaitDays(broker({ openAsks: 4 }), rules)).toBeGreaterThan(0);
    expect(expectedWaitDays(broker({ openAsks: 4, line: 8 }), rules)).toBeGreaterThan(expectedWaitDays(broker({ openAsks: 4 }), rules));
    expect(brokerFactor(broker({ openAsks: 4, line: 8 }), rules)).toBeLessThan(brokerFactor(broker({ openAsks: 4 }), rules));
  });

  it('never offers a broker who is away or opted out', () => {
    expect(brokerFactor(broker({ awayUntil: now + 3600_000 }), rules)).toBe(0);
    expect(brokerFactor(broker({ awayUntil: now - 1 }), rules)).toBe(1);
    expect(brokerFactor(broker({ brokerCapacity: 0 }), rules)).toBe(0);
  });

  it('ranks a broker whose fair share this member used below any path with room', () => {
    for (const used of [broker({ viewerOpen: 1 }), broker({ viewerWeek: 2 })]) {
      expect(brokerFactor(used, rules)).toBeGreaterThan(0);
      expect(brokerFactor(used, rules)).toBeLessThan(0.01);
      expect(brokerFactor(used, { ...rules, onlyWithRoom: true })).toBe(0);
    }
  });

  it('never offers another path through a broker whose share this member used', () => {
    expect(brokerFactor(broker({ viewerOpen: 1 }), { ...rules, askableOnly: true })).toBe(0);
    expect(brokerFactor(broker({ viewerWeek: 2 }), { ...rules, askableOnly: true })).toBe(0);
    expect(brokerFactor(broker(), { ...rules, askableOnly: true })).toBe(1);
  });

  it('offers only brokers with room when a waiting request looks for another path', () => {
    expect(brokerFactor(broker({ openAsks: 4 }), { ...rules, onlyWithRoom: true })).toBe(0);
    expect(brokerFactor(broker(), { ...rules, onlyWithRoom: true })).toBe(1);
  });

  it('asks people without an account through whoever recorded them (no factor of their own)', () => {
    expect(brokerFactor({ isAccount: false, brokerCapacity: null, openAsks: 0, recentDeclines: 0 }, rules)).toBe(1);
  });
});
