import { describe, expect, it } from '@jest/globals';
import { checkPageSize, decodeCursor, encodeCursor, fromGlobalId, parseGlobalId, toGlobalId } from '#libs/common';

describe('global ids', () => {
  it('round-trips and keeps the type', () => {
    const id = toGlobalId('Person', '3fa25b91-e697-4543-a8b3-b27bce221416');
    expect(parseGlobalId(id)).toEqual({ type: 'Person', localId: '3fa25b91-e697-4543-a8b3-b27bce221416' });
    expect(fromGlobalId(id, 'Person', 'personId')).toBe('3fa25b91-e697-4543-a8b3-b27bce221416');
  });
  it('refuses ids of the wrong type, unknown types and junk, naming the field', () => {
    expect(() => fromGlobalId(toGlobalId('Account', 'abc'), 'Person', 'personId')).toThrow('personId: is not a valid Person id');
    expect(parseGlobalId(Buffer.from('Secret:abc').toString('base64url'))).toBeNull();
    expect(parseGlobalId(Buffer.from("Person:x' OR 1=1").toString('base64url'))).toBeNull();
    expect(parseGlobalId('')).toBeNull();
    expect(() => fromGlobalId('%%%', 'Person', 'id')).toThrow('id: is not a valid Person id');
  });
});

describe('cursors', () => {
  it('round-trips keys', () => {
    expect(decodeCursor(encodeCursor(['ann', 'id-1']))).toEqual(['ann', 'id-1']);
    expect(decodeCursor(null)).toBeNull();
  });
  it('refuses forged cursors', () => {
    expect(() => decodeCursor('bm90LWEtY3Vyc29y')).toThrow('after: is not a cursor');
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toThrow('after: is not a cursor');
  });
  it('checks page sizes', () => {
    expect(checkPageSize(100)).toBe(100);
    expect(() => checkPageSize(0)).toThrow('first: must be an integer from 1 to 100');
    expect(() => checkPageSize(1.5)).toThrow('first: must be');
  });
});
