import { badInput } from './domain-error.js';

/** Keyset cursors: opaque base64url JSON of the sort key of the last row seen. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): (string | number)[] | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length > 0 && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(field, 'is not a cursor returned by this connection');
}

export function checkPageSize(first: number, field = 'first', max = 100): number {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(field, `must be an integer from 1 to ${max}`);
  return first;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
  cursorOf: (item: T) => string;
}
