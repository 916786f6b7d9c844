import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSchemaText } from '../../apps/api/src/schema.js';

describe('schema.gql', () => {
  it('is the committed, sorted schema the resolvers generate (run `npm run schema -- schema.gql` after changing them)', async () => {
    expect(readFileSync('schema.gql', 'utf8')).toBe(await buildSchemaText());
  });
});
