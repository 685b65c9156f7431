import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ScimError } from '../scim/errors';

/** The application id Entra puts in `aud` of the tokens its provisioning service sends. */
export const ENTRA_PROVISIONING_AUDIENCE = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';
const ENTRA_ISSUER = /^https:\/\/sts\.windows\.net\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/$/i;

/** The Entra tenant a token claims to come from, read before verification to pick the path. */
export function claimedEntraTenant(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? ENTRA_ISSUER.exec(iss)?.[1]?.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Entra-issued tokens (the Secret Token left blank): RS256 only, signed by a key from Entra's
 * JWKS, issuer `https://sts.windows.net/<tid>/`, audience the provisioning service's app id,
 * and `tid` equal to the tenant the directory trusts.
 */
export class EntraTokenVerifier {
  private readonly jwks: JWTVerifyGetKey;

  constructor(jwksUrl: string) {
    this.jwks = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 3_600_000 });
  }

  async verify(token: string, tenantId: string): Promise<void> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        algorithms: ['RS256'],
        issuer: `https://sts.windows.net/${tenantId}/`,
        audience: ENTRA_PROVISIONING_AUDIENCE,
      });
      if (typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== tenantId) throw ScimError.unauthorized("the Entra token's tid claim does not match its issuer");
    } catch (e) {
      if (e instanceof ScimError) throw e;
      if (e instanceof errors.JWTExpired) throw ScimError.unauthorized('the Entra token has expired');
      if (e instanceof errors.JWTClaimValidationFailed) throw ScimError.unauthorized(`the Entra token's ${e.claim} claim is not accepted`);
      if (e instanceof errors.JWKSTimeout || !(e instanceof errors.JOSEError)) {
        throw ScimError.unavailable("Entra's token signing keys could not be fetched; retry later", 30);
      }
      throw ScimError.unauthorized('the Entra token is not valid');
    }
  }
}
