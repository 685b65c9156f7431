import { errors, jwtVerify, SignJWT, decodeProtectedHeader } from 'jose';
import { ScimError } from '../scim/errors';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-keys';

/**
 * Directory keys are JWTs (what Entra calls the Secret Token): `sub` is the directory id,
 * `jti` the key record id, signed HS256 by the deployment signing key named in `kid`.
 */
export interface TokenOptions {
  issuer: string;
  audience: string;
}

export interface DirectoryTokenClaims {
  directoryId: string;
  keyId: string;
}

export async function issueDirectoryToken(
  key: SigningKey,
  opts: TokenOptions,
  claims: DirectoryTokenClaims & { expiresAt?: Date },
): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setSubject(claims.directoryId)
    .setJti(claims.keyId)
    .setIssuedAt();
  if (claims.expiresAt) jwt.setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000));
  return jwt.sign(key.secret);
}

/** Verifies signature (pinned algorithm), issuer, audience and expiry; 401 on any failure. */
export async function verifyDirectoryToken(keys: readonly SigningKey[], token: string, opts: TokenOptions): Promise<DirectoryTokenClaims> {
  const key = keys.find((k) => k.kid === safeKid(token));
  if (!key) throw ScimError.unauthorized('the bearer token is not signed by a key this deployment knows');
  try {
    const { payload } = await jwtVerify(token, key.secret, {
      algorithms: [SIGNING_ALGORITHM],
      issuer: opts.issuer,
      audience: opts.audience,
    });
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
      throw ScimError.unauthorized('the bearer token does not name a directory key');
    }
    return { directoryId: payload.sub, keyId: payload.jti };
  } catch (e) {
    if (e instanceof ScimError) throw e;
    if (e instanceof errors.JWTExpired) throw ScimError.unauthorized('the bearer token has expired');
    if (e instanceof errors.JWTClaimValidationFailed) throw ScimError.unauthorized(`the bearer token's ${e.claim} claim is not accepted`);
    if (e instanceof errors.JOSEError) throw ScimError.unauthorized('the bearer token is not valid');
    throw e;
  }
}

function safeKid(token: string): string | undefined {
  try {
    const kid = decodeProtectedHeader(token).kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    throw ScimError.unauthorized('the bearer token is malformed');
  }
}
