import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * OAuth client secrets are stored only as a slow hash (scrypt, RFC 7914), salted per secret,
 * in the form `scrypt$N$r$p$salt$hash`.
 */
const N = 16384;
const R = 8;
const P = 1;
const LENGTH = 32;

export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export async function hashClientSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function derive(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, LENGTH, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** The OAuth client id of a directory key: `<directoryId>.<keyId>` (directory ids have no dots). */
export function clientIdOf(directoryId: string, keyId: string): string {
  return `${directoryId}.${keyId}`;
}

export function parseClientId(clientId: string): { directoryId: string; keyId: string } | undefined {
  const dot = clientId.indexOf('.');
  if (dot <= 0 || dot === clientId.length - 1) return undefined;
  return { directoryId: clientId.slice(0, dot), keyId: clientId.slice(dot + 1) };
}
