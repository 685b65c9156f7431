import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The deployment's signing keys (DESIGN.md §4). The first key signs new tokens; every key in
 * the set verifies, chosen by the token's `kid`, so the signing key can rotate while tokens
 * signed by the previous one stay valid. HS256 only: the algorithm is pinned at verification.
 */
export const SIGNING_ALGORITHM = 'HS256';

export interface SigningKey {
  kid: string;
  secret: Uint8Array;
}

const keySetSchema = z.object({
  keys: z
    .array(
      z.object({
        kid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'kid: 1-64 letters, digits, dot, underscore or dash'),
        secret: z.string().regex(/^[A-Za-z0-9_-]{43,}$/, 'secret: base64url of at least 32 bytes'),
      }),
    )
    .min(1, 'at least one key'),
});

export function parseSigningKeys(json: string, source: string): SigningKey[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  const parsed = keySetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${source} is not a signing key set: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data.keys.map((k) => ({ kid: k.kid, secret: Buffer.from(k.secret, 'base64url') }));
}

/** A fresh key set as JSON, for the local development file or a Key Vault secret. */
export function generateSigningKeySet(kid = `k${Date.now().toString(36)}`): string {
  return JSON.stringify({ keys: [{ kid, secret: randomBytes(32).toString('base64url') }] }, null, 2);
}
