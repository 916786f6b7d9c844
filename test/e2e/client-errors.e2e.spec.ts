import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, gql, newUser, useApi, type TestUser } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';

/**
 * Issue 14: client mistakes get coded client errors, never a 500; every HTTP error body is JSON
 * without a stack, in every mode (the shared stack runs NODE_ENV=test, a private one development,
 * where Express would otherwise render its HTML page with the stack); schema-level bad input names
 * the field; text and dates follow one set of rules.
 */
let dev: Stack;
let user: TestUser;

beforeAll(async () => {
  dev = await startStack('client-errors-dev', { NODE_ENV: 'development', BODY_LIMIT_BYTES: String(64 * 1024), IMPORT_MAX_BYTES: String(32 * 1024) });
  user = await newUser();
}, 120_000);

afterAll(async () => {
  useApi(null);
  await dev?.stop();
});

const modes = () =>
  [
    ['test', testRun().apiUrl],
    ['development', dev.apiUrl],
  ] as const;

async function raw(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

function expectJsonErrorWithoutStack(reply: { headers: Headers; text: string }, code: string) {
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.headers.get('x-powered-by')).toBeNull();
  expect(reply.text).not.toMatch(/\n\s+at |\\n\s+at |node_modules|\.js:\d+|<html|<pre/i);
  const body = JSON.parse(reply.text) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0].extensions.code).toBe(code);
  expect(body.errors[0].message.length).toBeGreaterThan(5);
}

describe('HTTP errors outside GraphQL', () => {
  it('GET / answers a JSON 404 that points at the API to clients that want JSON (browsers get the web app), without X-Powered-By', async () => {
    for (const [, base] of modes()) {
      const page = await raw(base, '/', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.text).toContain('<div id="root">');
      expect(page.headers.get('x-powered-by')).toBeNull();
      const reply = await raw(base, '/', { headers: { accept: 'application/json' } });
      expect(reply.status).toBe(404);
      expectJsonErrorWithoutStack(reply, 'NOT_FOUND');
      expect(reply.text).toContain('/graphql');
    }
  });

  it('an unknown path, a bad percent-encoding and a body that is not JSON are JSON client errors', async () => {
    for (const [, base] of modes()) {
      const missing = await raw(base, '/nothing/here', { headers: { accept: 'application/json' } });
      expect(missing.status).toBe(404);
      expectJsonErrorWithoutStack(missing, 'NOT_FOUND');
      const badJson = await raw(base, '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad' });
      expect(badJson.status).toBe(400);
      expectJsonErrorWithoutStack(badJson, 'BAD_REQUEST');
      expect(badJson.text).toContain('not valid JSON');
    }
  });

  it('a body over the limit is a JSON 413 that says the limit', async () => {
    const body = JSON.stringify({ query: `{ __typename } #${'x'.repeat(100 * 1024)}` });
    const reply = await raw(dev.apiUrl, '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(reply.status).toBe(413);
    expectJsonErrorWithoutStack(reply, 'PAYLOAD_TOO_LARGE');
    expect(reply.text).toContain('64 KB');
  });

  it('a 13 MB body on the default limit is a JSON 413 too', async () => {
    const body = JSON.stringify({ query: `{ __typename } #${'x'.repeat(13 * 1024 * 1024)}` });
    const reply = await raw(testRun().apiUrl, '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(reply.status).toBe(413);
    expectJsonErrorWithoutStack(reply, 'PAYLOAD_TOO_LARGE');
  });

  it('GraphQL answers carry no X-Powered-By either', async () => {
    const reply = await raw(testRun().apiUrl, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-powered-by')).toBeNull();
  });
});

describe('GraphQL client mistakes are coded client errors', () => {
  it('a subscription sent over HTTP POST is BAD_REQUEST (400)', async () => {
    const res = await gql('subscription { importProgress(jobId: "x") { status } }', {}, user.token);
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('BAD_REQUEST');
    expect(res.errors![0].message).toContain('WebSocket');
  });

  it('an unknown operationName in a document with several operations is a coded 400', async () => {
    const res = await fetch(`${testRun().apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: 'query A { me { id } } query B { me { id } }', operationName: 'C' }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(res.status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(body.errors[0].message).toContain('"C"');
  });

  it('a lone surrogate in an email (or any text) is BAD_USER_INPUT on that field', async () => {
    const res = await gql(
      'mutation($e: String) { addContact(input: { displayName: "Lone Surrogate", email: $e, context: FRIEND, strength: 0.5 }) { strength } }',
      { e: 'para\uD800medic@example.org' },
      user.token,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('input.email');
  });
});

describe('schema-level bad input names the field', () => {
  const add = 'mutation($input: ContactInput!) { addContact(input: $input) { strength } }';
  const addAs = 'mutation($c: ContactInput!) { addContact(input: $c) { strength } }';
  it.each([
    ['a wrong enum value', add, { displayName: 'X', context: 'NOPE', strength: 0.5 }, 'input.context'],
    ['a wrong type', add, { displayName: 'X', context: 'FRIEND', strength: 'very' }, 'input.strength'],
    ['a missing required field', add, { displayName: 'X', strength: 0.5 }, 'input.context'],
    ['an unknown field', add, { displayName: 'X', context: 'FRIEND', strength: 0.5, nickname: 'x' }, 'input.nickname'],
    ['a nested wrong type', add, { displayName: 'X', context: 'FRIEND', strength: 0.5, roles: [{ title: 3 }] }, 'input.roles[0].title'],
    ['a variable named otherwise', addAs, { displayName: 'X', context: 'NOPE', strength: 0.5 }, 'input.context'],
  ])('%s in variables', async (_label, query, input, field) => {
    const res = await gql(query, { input, c: input }, user.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
    expect(res.errors![0].message.startsWith(`${field}: `)).toBe(true);
  });

  it.each([
    ['a wrong enum value', '{ displayName: "X", context: NOPE, strength: 0.5 }', 'input.context'],
    ['a missing required field', '{ displayName: "X", strength: 0.5 }', 'input.context'],
    ['a wrong type', '{ displayName: "X", context: FRIEND, strength: "very" }', 'input.strength'],
  ])('%s written in the query', async (_label, literal, field) => {
    const res = await gql(`mutation { addContact(input: ${literal}) { strength } }`, {}, user.token);
    expect(res.errors![0].extensions!.field).toBe(field);
  });
});

describe('text and dates', () => {
  const add = 'mutation($input: ContactInput!) { addContact(input: $input) { strength person { displayName } } }';
  it.each([
    ['NUL', 'Sam\u0000Okoro'],
    ['a tab', 'Sam\tOkoro'],
    ['a newline', 'Sam\nOkoro'],
    ['an escape', 'Sam\u001bOkoro'],
  ])('a name with %s is refused with a message that says so', async (_label, displayName) => {
    const res = await gql(add, { input: { displayName, context: 'FRIEND', strength: 0.5 } }, user.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('input.displayName');
    expect(res.errors![0].message).toContain('control characters');
  });

  it('short texts nested in lists follow the same rule', async () => {
    const res = await gql(add, { input: { displayName: 'Role Tab', context: 'FRIEND', strength: 0.5, roles: [{ title: 'Nurse\tmanager' }] } }, user.token);
    expect(res.errors![0].extensions!.field).toBe('input.roles[0].title');
  });

  it('notes keep their line breaks', async () => {
    const res = await gql(add, { input: { displayName: 'Multi Line', context: 'FRIEND', strength: 0.5, howWeMet: 'Night shifts\nat Oakfield' } }, user.token);
    expect(res.errors).toBeUndefined();
    const nul = await gql(add, { input: { displayName: 'Multi Line', context: 'FRIEND', strength: 0.5, howWeMet: 'Night\u0000shifts' } }, user.token);
    expect(nul.errors![0].extensions!.field).toBe('input.howWeMet');
  });

  it('every date input has the same wording', async () => {
    const contact = await gql(add, { input: { displayName: 'Date Words', context: 'FRIEND', strength: 0.5, lastContactAt: 'yesterday' } }, user.token);
    const coach = await newUser(['COACH']);
    const event = await gql('mutation($s: DateTime!) { createEvent(input: { title: "Meet-up", startsAt: $s }) { id } }', { s: 'next Tuesday' }, coach.token);
    for (const [res, field] of [
      [contact, 'input.lastContactAt'],
      [event, 'input.startsAt'],
    ] as const) {
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe(field);
      expect(res.errors![0].message).toBe(`${field}: must be a date and time in ISO 8601 form, e.g. 2026-03-01T18:30:00Z`);
    }
  });
});
