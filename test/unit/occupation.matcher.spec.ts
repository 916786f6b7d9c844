import { describe, expect, it } from '@jest/globals';
import { pickByQualifier } from '#libs/network';

const c = (code: string, qualifier = '', industry = '') => ({ title: 't', normTitle: 't', code, qualifier, industry, score: 1 });

describe('pickByQualifier', () => {
  it('returns the only code when the index agrees', () => {
    expect(pickByQualifier([c('2255'), c('2255', 'x')], [])).toBe('2255');
  });
  it('uses organisation and sector words against the qualifiers', () => {
    const nurse = [c('6131', 'grade A, B'), c('6133', '', 'dental practice'), c('2237')];
    expect(pickByQualifier(nurse, ['smile', 'dental', 'practice'])).toBe('6133');
    const wireman = [c('8142', '', 'cycle mfr'), c('5242', '', 'railways')];
    expect(pickByQualifier(wireman, ['network', 'railways'])).toBe('5242');
  });
  it('prefers the unqualified entry when nothing in the context decides', () => {
    expect(pickByQualifier([c('2464', 'professional'), c('3221')], [])).toBe('3221');
  });
});
