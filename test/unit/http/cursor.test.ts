import { describe, expect, it } from 'vitest';
import { CURSOR_TIMEOUT_SECONDS, CursorCodec, type CursorScope } from '../../../shared/http/cursor';
import { ScimError } from '../../../shared/scim/errors';

const key = (kid: string, byte: number) => ({ kid, secret: new Uint8Array(32).fill(byte) });
const scope: CursorScope = { directoryId: 'contoso', query: 'User\u0000title eq "x"\u0000' };

function errorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    return e as ScimError;
  }
  throw new Error('expected an error');
}

describe('CursorCodec', () => {
  const codec = new CursorCodec([key('k1', 1)]);

  it('round-trips a state in unreserved characters only', () => {
    const cursor = codec.encode(scope, { pos: 200, after: 'a/b#c', total: 1000 });
    expect(cursor).toMatch(/^[A-Za-z0-9_.~-]+$/);
    expect(codec.decode(scope, cursor)).toEqual({ pos: 200, after: 'a/b#c', total: 1000 });
  });

  it.each<[string, (c: string) => [CursorScope, string]]>([
    ['another directory', (c) => [{ ...scope, directoryId: 'fabrikam' }, c]],
    ['another query', (c) => [{ ...scope, query: 'User\u0000\u0000' }, c]],
    ['an edited payload', (c) => [scope, Buffer.from(JSON.stringify({ pos: 0, x: 9e9 })).toString('base64url') + c.slice(c.indexOf('.'))]],
    ['a cut signature', (c) => [scope, c.slice(0, -1)]],
    ['garbage', () => [scope, 'hello']],
    ['an empty string', () => [scope, '.']],
  ])('refuses a cursor for %s with 400 invalidCursor', (_label, tamper) => {
    const [s, c] = tamper(codec.encode(scope, { pos: 5 }));
    expect(errorOf(() => codec.decode(s, c))).toMatchObject({ status: 400, scimType: 'invalidCursor' });
  });

  it('refuses an expired cursor with 400 expiredCursor', () => {
    let now = 1_000_000;
    const clocked = new CursorCodec([key('k1', 1)], () => now);
    const cursor = clocked.encode(scope, { pos: 5 });
    now += CURSOR_TIMEOUT_SECONDS * 1000 - 1000;
    expect(clocked.decode(scope, cursor).pos).toBe(5);
    now += 2000;
    expect(errorOf(() => clocked.decode(scope, cursor))).toMatchObject({ status: 400, scimType: 'expiredCursor' });
  });

  it('keeps accepting cursors signed by an older key of the set (rotation)', () => {
    const old = new CursorCodec([key('k1', 1)]).encode(scope, { pos: 7 });
    expect(new CursorCodec([key('k2', 2), key('k1', 1)]).decode(scope, old).pos).toBe(7);
    expect(errorOf(() => new CursorCodec([key('k2', 2)]).decode(scope, old)).scimType).toBe('invalidCursor');
  });
});
