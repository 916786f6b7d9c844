import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '#libs/common';
import { askingStatus, assertTransition, canMove, INTRO_STATUSES, type IntroStatus } from '#libs/introductions';

describe('the introduction state machine', () => {
  const legal: [IntroStatus, IntroStatus][] = [
    ['REQUESTED', 'ASKING'],
    ['REQUESTED', 'TARGET_ASKED'],
    ['ASKING', 'ASKING'],
    ['ASKING', 'TARGET_ASKED'],
    ['TARGET_ASKED', 'INTRODUCED'],
    ['INTRODUCED', 'MET'],
    ['INTRODUCED', 'CLOSED'],
    ['MET', 'CLOSED'],
    ['ASKING', 'DECLINED'],
    ['TARGET_ASKED', 'EXPIRED'],
    ['ASKING', 'WITHDRAWN'],
  ];
  it.each(legal)('allows %s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(true);
    expect(() => assertTransition(from, to, 'act')).not.toThrow();
  });

  const illegal: [IntroStatus, IntroStatus][] = [
    ['REQUESTED', 'INTRODUCED'],
    ['ASKING', 'INTRODUCED'],
    ['TARGET_ASKED', 'ASKING'],
    ['INTRODUCED', 'WITHDRAWN'],
    ['INTRODUCED', 'DECLINED'],
    ['MET', 'INTRODUCED'],
  ];
  it.each(illegal)('refuses %s → %s with CONFLICT', (from, to) => {
    expect(canMove(from, to)).toBe(false);
    expect(() => assertTransition(from, to, 'act')).toThrow(DomainError);
    try {
      assertTransition(from, to, 'act');
    } catch (error) {
      expect((error as DomainError).code).toBe(ErrorCode.CONFLICT);
    }
  });

  it('has no way out of an ended request', () => {
    for (const end of ['CLOSED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'] as const) {
      for (const to of INTRO_STATUSES) expect(canMove(end, to)).toBe(false);
    }
    expect(() => assertTransition('WITHDRAWN', 'ASKING', 'answer')).toThrow('cannot answer: this introduction was withdrawn');
  });

  it('asks the target at the last step', () => {
    expect(askingStatus(0, 3)).toBe('ASKING');
    expect(askingStatus(2, 3)).toBe('TARGET_ASKED');
    expect(askingStatus(0, 1)).toBe('TARGET_ASKED');
  });
});
