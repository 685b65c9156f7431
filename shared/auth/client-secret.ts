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

/** False for a wrong secret and for a stored value that is not one of ours (never throws on it). */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const [cost, blockSize, parallel] = [Number(n), Number(r), Number(p)];
  if (scheme !== 'scrypt' || !salt || !hash || !saneParams(cost, blockSize, parallel)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), cost, blockSize, parallel).catch(() => undefined);
  return actual !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Parameters within what we write, so a tampered record cannot make verification hang or throw. */
function saneParams(n: number, r: number, p: number): boolean {
  const powerOfTwo = Number.isInteger(n) && n >= 1024 && n <= 1 << 20 && (n & (n - 1)) === 0;
  return powerOfTwo && Number.isInteger(r) && r >= 1 && r <= 16 && Number.isInteger(p) && p >= 1 && p <= 4;
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
