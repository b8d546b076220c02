import { HttpError, refusalFor } from './errors.js';

describe('refusalFor: what a handler threw, as a French 4xx, or null for a genuine fault', () => {
  test.each([
    [{ code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' }, 400, 'INVALID_CHARACTER'],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }, 409, 'ALREADY_EXISTS'],
    [{ code: '22P02', message: 'invalid input syntax for type integer' }, 400, 'INVALID_VALUE'],
    [{ code: 'P0002', message: 'scrutin figé' }, 409, 'FROZEN'],
    [{ type: 'entity.too.large', status: 413 }, 413, 'TOO_LARGE'],
    [{ type: 'entity.parse.failed', status: 400 }, 400, 'INVALID_JSON'],
    [Object.assign(new URIError("Failed to decode param '%'"), { status: 400 }), 400, 'INVALID_REQUEST'],
  ])('%j → %i %s', (raised, status, code) => {
    const refusal = refusalFor(raised);
    expect([refusal?.status, refusal?.code]).toEqual([status, code]);
    expect(refusal?.message).toMatch(/^[A-ZÉ][^]*\.$/);
  });

  test('a guard’s own refusal keeps its message; an HttpError passes as is', () => {
    expect(refusalFor(Object.assign(new Error('JSON refusé : trop profond.'), { type: 'entity.refused', status: 403 }))).toMatchObject({ status: 400, message: 'JSON refusé : trop profond.' });
    const own = new HttpError(404, 'NOT_FOUND', 'Introuvable.');
    expect(refusalFor(own)).toBe(own);
  });

  test('bugs and broken infrastructure stay 500s', () => {
    for (const fault of [new TypeError('x is undefined'), { code: 'ECONNREFUSED' }, { code: '57P01' }, { code: 'constructor' }, { type: '__proto__' }, null, 'texte', { status: 503 }]) {
      expect(refusalFor(fault)).toBeNull();
    }
  });
});
