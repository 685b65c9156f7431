import { describe, expect, it } from 'vitest';
import { clientIdOf, hashClientSecret, newClientSecret, parseClientId, verifyClientSecret } from '../../../shared/auth/client-secret';

describe('newClientSecret', () => {
  it('returns 32 random bytes as base64url, different every time', () => {
    const a = newClientSecret();
    const b = newClientSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });
});

describe('hashClientSecret and verifyClientSecret', () => {
  it('verifies a secret against its own hash', async () => {
    const secret = newClientSecret();
    expect(await verifyClientSecret(secret, await hashClientSecret(secret))).toBe(true);
  });

  it('stores scrypt parameters, salt and hash, and never the secret itself', async () => {
    const secret = newClientSecret();
    const stored = await hashClientSecret(secret);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain(secret);
  });

  it('salts every hash, so the same secret hashes differently twice', async () => {
    const secret = newClientSecret();
    const [a, b] = await Promise.all([hashClientSecret(secret), hashClientSecret(secret)]);
    expect(a).not.toBe(b);
    expect(await verifyClientSecret(secret, a)).toBe(true);
    expect(await verifyClientSecret(secret, b)).toBe(true);
  });

  it('refuses a wrong secret', async () => {
    const stored = await hashClientSecret('right secret');
    expect(await verifyClientSecret('wrong secret', stored)).toBe(false);
    expect(await verifyClientSecret('', stored)).toBe(false);
    expect(await verifyClientSecret('right secret ', stored)).toBe(false);
  });

  it("refuses one secret against another secret's hash", async () => {
    const [a, b] = [newClientSecret(), newClientSecret()];
    expect(await verifyClientSecret(a, await hashClientSecret(b))).toBe(false);
  });

  it('handles secrets with non-ASCII characters', async () => {
    const secret = 'pässwört-秘密-🔑';
    const stored = await hashClientSecret(secret);
    expect(await verifyClientSecret(secret, stored)).toBe(true);
    expect(await verifyClientSecret('passwort-秘密-🔑', stored)).toBe(false);
  });

  it('refuses a hash that was truncated', async () => {
    const stored = await hashClientSecret('s');
    expect(await verifyClientSecret('s', stored.slice(0, -10))).toBe(false);
  });

  it('refuses a hash whose salt was changed', async () => {
    const parts = (await hashClientSecret('s')).split('$');
    parts[4] = Buffer.alloc(16, 1).toString('base64url');
    expect(await verifyClientSecret('s', parts.join('$'))).toBe(false);
  });

  const malformed: Array<[string, string]> = [
    ['an empty string', ''],
    ['the scheme alone', 'scrypt'],
    ['empty fields', 'scrypt$$$$$'],
    ['another scheme', 'bcrypt$16384$8$1$c2FsdA$aGFzaA'],
    ['no hash', 'scrypt$16384$8$1$c2FsdA'],
    ['an empty salt', 'scrypt$16384$8$1$$aGFzaA'],
    ['characters outside base64url', 'scrypt$16384$8$1$!!!$***'],
    ['a plain-text secret', 'the-secret-itself'],
  ];
  it.each(malformed)('refuses a stored value with %s', async (_, stored) => {
    expect(await verifyClientSecret('the-secret-itself', stored)).toBe(false);
  });

  /**
   * BUG (shared/auth/client-secret.ts, verifyClientSecret): scrypt parameters from the stored
   * value go to crypto.scrypt unchecked; an N that is not a number, not a power of two, or too
   * large for maxmem makes the promise reject (ERR_OUT_OF_RANGE / "Invalid scrypt params")
   * instead of resolving false, which /api/oauth/token answers with a logged 500.
   */
  const badParameters: Array<[string, string]> = [
    ['N not a number', 'scrypt$abc$8$1$c2FsdA$aGFzaA'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdA$aGFzaA'],
    ['N beyond the memory limit', 'scrypt$1073741824$8$1$c2FsdA$aGFzaA'],
  ];
  it.each(badParameters)('refuses a stored value with %s instead of throwing', async (_, stored) => {
    await expect(verifyClientSecret('s', stored)).resolves.toBe(false);
  });
});

describe('clientIdOf and parseClientId', () => {
  it('round-trips a directory id and a key id', () => {
    const keyId = '0b7e1f7c-5a57-4b8e-9d3c-2f1e0c9b8a71';
    expect(clientIdOf('contoso', keyId)).toBe(`contoso.${keyId}`);
    expect(parseClientId(clientIdOf('contoso', keyId))).toEqual({ directoryId: 'contoso', keyId });
  });

  it('splits at the first dot, since directory ids have none', () => {
    expect(parseClientId('contoso.key.with.dots')).toEqual({ directoryId: 'contoso', keyId: 'key.with.dots' });
  });

  it.each([
    ['an empty string', ''],
    ['no dot', 'contoso'],
    ['a leading dot', '.key'],
    ['a trailing dot', 'contoso.'],
    ['a dot alone', '.'],
  ])('refuses %s', (_, clientId) => {
    expect(parseClientId(clientId)).toBeUndefined();
  });

  it('keeps odd characters for the store to refuse rather than throwing', () => {
    expect(parseClientId('Upper Case.%00')).toEqual({ directoryId: 'Upper Case', keyId: '%00' });
    expect(parseClientId('a..b')).toEqual({ directoryId: 'a', keyId: '.b' });
  });
});
