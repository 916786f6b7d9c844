import { describe, expect, it } from '@jest/globals';
import { variableProblem } from '../../apps/api/src/common/client-errors.plugin.js';
import { firstTextProblem, textProblem, TEXT_MESSAGES } from '../../apps/api/src/common/text-rules.js';
import { httpErrorReply } from '../../apps/api/src/common/http-errors.js';
import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';

describe('variableProblem (schema-level bad input names the field)', () => {
  const uses = new Map([['i', 'input']]);
  it.each([
    ['Variable "$i" got invalid value "NOPE" at "i.context"; Value "NOPE" does not exist in "RelationshipContext" enum.', 'input.context'],
    ['Variable "$i" got invalid value 3 at "i.roles[0].title"; String cannot represent a non string value: 3', 'input.roles[0].title'],
    ['Variable "$i" got invalid value { displayName: "X" }; Field "context" of required type "RelationshipContext!" was not provided.', 'input.context'],
    ['Variable "$i" got invalid value { a: 1 }; Field "a" is not defined by type "ContactInput".', 'input.a'],
    ['Variable "$i" of required type "ContactInput!" was not provided.', 'input'],
    ['Variable "$other" got invalid value "x" at "other.b"; bad', 'other.b'],
  ])('%s → %s', (message, field) => {
    expect(variableProblem(message, uses)?.field).toBe(field);
  });
});

describe('text rules', () => {
  it('refuses control characters in one-line texts, allows line breaks in notes, refuses lone surrogates everywhere', () => {
    expect(textProblem('Sam Okoro', 'line')).toBeNull();
    expect(textProblem('Sam\u0000', 'line')).toBe(TEXT_MESSAGES.oneLine);
    expect(textProblem('a\nb\tc', 'multiline')).toBeNull();
    expect(textProblem('a\u0000b', 'multiline')).toBe(TEXT_MESSAGES.multiline);
    expect(textProblem('para\uD800medic', 'file')).toBe(TEXT_MESSAGES.malformed);
    expect(textProblem('emoji 😀 ok', 'line')).toBeNull();
    expect(firstTextProblem({ roles: [{ title: 'ok' }, { title: 'x\ty' }] }, 'input')).toEqual(['input.roles[1].title', TEXT_MESSAGES.oneLine]);
  });
});

describe('httpErrorReply', () => {
  it('gives JSON with a code and no stack for client mistakes, and hides faults behind a reference', () => {
    expect(httpErrorReply(new NotFoundException(), 'GET', '/')).toMatchObject({ status: 404, body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] } });
    const tooLarge = httpErrorReply(
      new PayloadTooLargeException('x', { cause: Object.assign(new Error('too large'), { type: 'entity.too.large', limit: 12 * 1024 * 1024 }) }),
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.errors[0].message).toContain('12 MB');
    const fault = httpErrorReply(new Error('secret detail at /srv/app.js:1'));
    expect(fault.status).toBe(500);
    expect(JSON.stringify(fault.body)).not.toContain('secret');
  });
});
