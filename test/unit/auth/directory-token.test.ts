import { createHmac } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { issueDirectoryToken, verifyDirectoryToken, type TokenOptions } from '../../../shared/auth/directory-token';
import type { SigningKey } from '../../../shared/auth/signing-keys';
import { ScimError } from '../../../shared/scim/errors';

const K1: SigningKey = { kid: 'k1', secret: new Uint8Array(32).fill(1) };
const K2: SigningKey = { kid: 'k2', secret: new Uint8Array(32).fill(2) };
const OPTS: TokenOptions = { issuer: 'roster', audience: 'roster-scim' };
const CLAIMS = { directoryId: 'contoso', keyId: 'key-1' };
const NOW = new Date('2030-01-01T00:00:00Z');

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWT with any header, signed HMAC-SHA256 over header.payload with `secret` (or unsigned). */
function handMade(header: Record<string, unknown>, payload: Record<string, unknown>, secret?: Uint8Array): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = secret ? createHmac('sha256', secret).update(input).digest('base64url') : '';
  return `${input}.${signature}`;
}

/** A token like Roster's, with the claims and algorithm the case wants. */
function signed(alg: string, claims: Record<string, unknown>, key: SigningKey = K1): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' }).setIssuedAt().sign(key.secret);
}

const validClaims = { iss: 'roster', aud: 'roster-scim', sub: 'contoso', jti: 'key-1' };

async function rejection(token: string, keys: readonly SigningKey[] = [K1]): Promise<ScimError> {
  try {
    await verifyDirectoryToken(keys, token, OPTS);
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error('expected the token to be rejected');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('issueDirectoryToken', () => {
  it('signs HS256 with the key id, issuer, audience, directory and key record', async () => {
    const token = await issueDirectoryToken(K1, OPTS, CLAIMS);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', kid: 'k1', typ: 'JWT' });
    expect(decodeJwt(token)).toMatchObject({ iss: 'roster', aud: 'roster-scim', sub: 'contoso', jti: 'key-1' });
  });

  it('has no expiry unless the key record has one', async () => {
    expect(decodeJwt(await issueDirectoryToken(K1, OPTS, CLAIMS)).exp).toBeUndefined();
  });

  it('carries the key record expiry as exp, in seconds', async () => {
    const token = await issueDirectoryToken(K1, OPTS, { ...CLAIMS, expiresAt: new Date('2031-02-03T04:05:06.789Z') });
    expect(decodeJwt(token).exp).toBe(Date.parse('2031-02-03T04:05:06Z') / 1000);
  });
});

describe('verifyDirectoryToken', () => {
  it('returns the directory and key record of a token it issued', async () => {
    const token = await issueDirectoryToken(K1, OPTS, CLAIMS);
    await expect(verifyDirectoryToken([K1], token, OPTS)).resolves.toEqual(CLAIMS);
  });

  it('verifies a token signed by the second key of a rotated set', async () => {
    const token = await issueDirectoryToken(K1, OPTS, CLAIMS);
    await expect(verifyDirectoryToken([K2, K1], token, OPTS)).resolves.toEqual(CLAIMS);
  });

  it('verifies tokens of the new signing key after rotation', async () => {
    const token = await issueDirectoryToken(K2, OPTS, CLAIMS);
    await expect(verifyDirectoryToken([K2, K1], token, OPTS)).resolves.toEqual(CLAIMS);
  });

  it('rejects a token whose key was removed from the set', async () => {
    const token = await issueDirectoryToken(K1, OPTS, CLAIMS);
    const error = await rejection(token, [K2]);
    expect(error.status).toBe(401);
    expect(error.detail).toContain('not signed by a key this deployment knows');
  });

  describe('pins the algorithm', () => {
    it.each(['HS384', 'HS512'])('rejects a %s token signed with the right secret', async (alg) => {
      const error = await rejection(await signed(alg, validClaims));
      expect(error.status).toBe(401);
      expect(error.scimType).toBeUndefined();
    });

    it('rejects an unsigned alg "none" token', async () => {
      const error = await rejection(handMade({ alg: 'none', kid: 'k1', typ: 'JWT' }, validClaims));
      expect(error.status).toBe(401);
    });

    it('rejects an RS256 token signed by an RSA key', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT(validClaims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
      expect((await rejection(token)).status).toBe(401);
    });

    it('rejects an RS256 header over a valid HMAC signature (algorithm confusion)', async () => {
      const token = handMade({ alg: 'RS256', kid: 'k1', typ: 'JWT' }, validClaims, K1.secret);
      expect((await rejection(token)).status).toBe(401);
    });

    it('accepts the same hand-made token with the HS256 header (the fixture is sound)', async () => {
      const token = handMade({ alg: 'HS256', kid: 'k1', typ: 'JWT' }, validClaims, K1.secret);
      await expect(verifyDirectoryToken([K1], token, OPTS)).resolves.toEqual(CLAIMS);
    });
  });

  describe('checks the claims', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['a wrong issuer', { ...validClaims, iss: 'someone-else' }, 'iss'],
      ['no issuer', { ...validClaims, iss: undefined }, 'iss'],
      ['a wrong audience', { ...validClaims, aud: 'graph' }, 'aud'],
      ['no audience', { ...validClaims, aud: undefined }, 'aud'],
    ])('rejects %s, naming the claim', async (_, claims, claim) => {
      const error = await rejection(await signed('HS256', claims));
      expect(error.status).toBe(401);
      expect(error.detail).toContain(claim);
    });

    it.each<[string, Record<string, unknown>]>([
      ['no sub', { ...validClaims, sub: undefined }],
      ['no jti', { ...validClaims, jti: undefined }],
      ['a numeric jti', { ...validClaims, jti: 7 }],
    ])('rejects a token with %s: it names no directory key', async (_, claims) => {
      const token = handMade({ alg: 'HS256', kid: 'k1', typ: 'JWT' }, claims, K1.secret);
      const error = await rejection(token);
      expect(error.status).toBe(401);
      expect(error.detail).toContain('does not name a directory key');
    });

    it('accepts a token until its expiry and rejects it after', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(NOW);
      const token = await issueDirectoryToken(K1, OPTS, { ...CLAIMS, expiresAt: new Date(NOW.getTime() + 60_000) });
      vi.setSystemTime(NOW.getTime() + 59_000);
      await expect(verifyDirectoryToken([K1], token, OPTS)).resolves.toEqual(CLAIMS);
      vi.setSystemTime(NOW.getTime() + 61_000);
      const error = await rejection(token);
      expect(error.status).toBe(401);
      expect(error.detail).toContain('expired');
    });

    it('rejects a token that is not yet valid (nbf in the future)', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(NOW);
      const token = await new SignJWT(validClaims)
        .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
        .setNotBefore(Math.floor(NOW.getTime() / 1000) + 3600)
        .sign(K1.secret);
      expect((await rejection(token)).status).toBe(401);
    });
  });

  describe('rejects tokens it cannot trust', () => {
    it('with an unknown kid', async () => {
      const token = await issueDirectoryToken({ kid: 'k9', secret: K1.secret }, OPTS, CLAIMS);
      const error = await rejection(token);
      expect(error.status).toBe(401);
      expect(error.detail).toContain('not signed by a key this deployment knows');
    });

    it('with no kid at all', async () => {
      const token = await new SignJWT(validClaims).setProtectedHeader({ alg: 'HS256' }).sign(K1.secret);
      expect((await rejection(token)).status).toBe(401);
    });

    it('signed by another secret under a known kid', async () => {
      const token = await issueDirectoryToken({ kid: 'k1', secret: K2.secret }, OPTS, CLAIMS);
      const error = await rejection(token);
      expect(error.status).toBe(401);
      expect(error.detail).toContain('not valid');
    });

    it('whose payload was changed after signing', async () => {
      const [header, , signature] = (await issueDirectoryToken(K1, OPTS, CLAIMS)).split('.');
      const tampered = `${header}.${b64({ ...validClaims, sub: 'fabrikam' })}.${signature}`;
      expect((await rejection(tampered)).status).toBe(401);
    });

    it.each(['', 'not-a-jwt', 'a.b.c', '...', `${b64({ alg: 'HS256', kid: 'k1' })}`, `${b64({ alg: 'HS256', kid: 'k1' })}.e30`])(
      'that is malformed: %j',
      async (token) => {
        const error = await rejection(token);
        expect(error.status).toBe(401);
        expect(error.headers['WWW-Authenticate']).toMatch(/^Bearer/);
      },
    );
  });
});
