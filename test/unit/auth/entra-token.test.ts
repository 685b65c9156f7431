import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimedEntraTenant, ENTRA_PROVISIONING_AUDIENCE, EntraTokenVerifier } from '../../../shared/auth/entra-token';
import { ScimError } from '../../../shared/scim/errors';
import { newRsaSigner, signRs256, startJwksServer, type JwksServer, type RsaSigner } from '../../support/jwks-server';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201';
const ISSUER = `https://sts.windows.net/${TENANT}/`;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const unsigned = (payload: unknown, header: unknown = { alg: 'RS256' }) => `${b64(header)}.${b64(payload)}.c2ln`;

describe('claimedEntraTenant', () => {
  it('reads the tenant from an Entra v1 issuer, lower-cased', () => {
    expect(claimedEntraTenant(unsigned({ iss: ISSUER }))).toBe(TENANT);
    expect(claimedEntraTenant(unsigned({ iss: ISSUER.toUpperCase().replace('HTTPS://STS.WINDOWS.NET', 'https://sts.windows.net') }))).toBe(TENANT);
  });

  const odd: Array<[string, unknown]> = [
    ['an empty string', ''],
    ['one segment', 'abc'],
    ['two segments', 'a.b'],
    ['three empty segments', '..'],
    ['too many segments', 'a.b.c.d.e.f'],
    ['a payload that is not base64url', 'eyJhbGciOiJSUzI1NiJ9.!!!.sig'],
    ['a payload that is not JSON', `${b64({ alg: 'RS256' })}.${b64('not json')}.sig`],
    ['a payload that is a JSON array', unsigned([ISSUER])],
    ['a payload that is JSON null', unsigned(null)],
    ['a payload that is a JSON string', unsigned(ISSUER)],
    ['no iss', unsigned({ tid: TENANT })],
    ['a numeric iss', unsigned({ iss: 42 })],
    ['an array iss', unsigned({ iss: [ISSUER] })],
    ['an object iss', unsigned({ iss: { toString: ISSUER } })],
    ['a null iss', unsigned({ iss: null })],
    ['the roster issuer', unsigned({ iss: 'roster' })],
    ['the Entra v2 issuer', unsigned({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` })],
    ['an issuer without the trailing slash', unsigned({ iss: `https://sts.windows.net/${TENANT}` })],
    ['an issuer with a path after the tenant', unsigned({ iss: `https://sts.windows.net/${TENANT}/extra/` })],
    ['an http issuer', unsigned({ iss: `http://sts.windows.net/${TENANT}/` })],
    ['a look-alike host', unsigned({ iss: `https://sts.windows.net.example/${TENANT}/` })],
    ['a tenant that is not a GUID', unsigned({ iss: 'https://sts.windows.net/contoso.onmicrosoft.com/' })],
    ['a GUID with a newline after it', unsigned({ iss: `${ISSUER}\n` })],
    ['an issuer prefixed by another', unsigned({ iss: `x${ISSUER}` })],
    ['a very long token', `${b64({ alg: 'RS256' })}.${'A'.repeat(200_000)}.sig`],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', {}],
  ];
  it.each(odd)('answers undefined, never throwing, for %s', (_, token) => {
    expect(() => claimedEntraTenant(token as string)).not.toThrow();
    expect(claimedEntraTenant(token as string)).toBeUndefined();
  });

  it('reads the issuer of an unsigned (alg none) token too, leaving refusal to verification', () => {
    const token = new UnsecuredJWT({}).setIssuer(ISSUER).encode();
    expect(claimedEntraTenant(token)).toBe(TENANT);
  });
});

describe('EntraTokenVerifier', () => {
  let signer: RsaSigner;
  let stranger: RsaSigner;
  let jwks: JwksServer;
  let verifier: EntraTokenVerifier;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: ENTRA_PROVISIONING_AUDIENCE,
    tid: TENANT,
    iat: now() - 60,
    nbf: now() - 60,
    exp: now() + 3600,
    ...overrides,
  });

  beforeAll(async () => {
    signer = await newRsaSigner('entra-key-1');
    stranger = await newRsaSigner('entra-key-1');
    jwks = await startJwksServer([signer.publicJwk]);
    verifier = new EntraTokenVerifier(jwks.url);
  });
  afterAll(async () => {
    await jwks?.close();
  });

  async function refusal(token: string, tenant = TENANT): Promise<ScimError> {
    const e = await verifier.verify(token, tenant).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ScimError);
    expect((e as ScimError).status).toBe(401);
    return e as ScimError;
  }

  it('accepts an RS256 token of the tenant, for the provisioning audience, signed by a published key', async () => {
    await expect(verifier.verify(await signRs256(signer, claims()), TENANT)).resolves.toBeUndefined();
  });

  it('refuses a token for another audience', async () => {
    expect((await refusal(await signRs256(signer, claims({ aud: 'api://some-other-app' })))).detail).toMatch(/aud/);
  });

  it("refuses a token whose issuer is not the tenant it is verified for", async () => {
    expect((await refusal(await signRs256(signer, claims({ iss: `https://sts.windows.net/${OTHER_TENANT}/` })))).detail).toMatch(/iss/);
  });

  it("refuses a token whose tid differs from its issuer's tenant", async () => {
    expect((await refusal(await signRs256(signer, claims({ tid: OTHER_TENANT })))).detail).toMatch(/tid/);
  });

  it('refuses an expired token', async () => {
    expect((await refusal(await signRs256(signer, claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })))).detail).toMatch(/expired/);
  });

  it('refuses a token that is not valid yet', async () => {
    await refusal(await signRs256(signer, claims({ nbf: now() + 3600 })));
  });

  it('refuses a token signed by a key that is not in the JWKS, even under a published kid', async () => {
    await refusal(await signRs256(stranger, claims()));
  });

  it('refuses a token whose kid is not in the JWKS', async () => {
    const other = await newRsaSigner('unpublished');
    await refusal(await signRs256(other, claims()));
  });

  it('refuses an HS256 token keyed with the published public key (HS/RS confusion)', async () => {
    const pem = Buffer.from(JSON.stringify(signer.publicJwk));
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: signer.kid }).sign(new Uint8Array(pem));
    await refusal(token);
  });

  it('refuses an HS256 token keyed with the modulus bytes of the published key', async () => {
    const modulus = Buffer.from(signer.publicJwk.n!, 'base64url');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: signer.kid }).sign(new Uint8Array(modulus));
    await refusal(token);
  });

  it('refuses an unsigned (alg none) token', async () => {
    await refusal(new UnsecuredJWT(claims()).encode());
  });

  it('refuses an RS256 token whose payload was changed after signing', async () => {
    const [head, , sig] = (await signRs256(signer, claims())).split('.');
    await refusal(`${head}.${b64(claims({ tid: TENANT, oid: 'someone-else' }))}.${sig}`);
  });

  /**
   * BUG (shared/auth/entra-token.ts, EntraTokenVerifier.verify): when the JWKS cannot be
   * fetched (connection refused, TLS failure), jose rejects with a plain TypeError("fetch
   * failed"), which is neither a ScimError nor a JOSEError, so verify rethrows it and the
   * request becomes a logged 500 "unhandled error". Expected: a ScimError (503 with
   * Retry-After, since it is an outage Entra should retry; or 401).
   */
  it('turns an unreachable JWKS into a ScimError, not an unknown error', async () => {
    const closed = await startJwksServer([]);
    const url = closed.url;
    await closed.close();
    const offline = new EntraTokenVerifier(url);
    const e = await offline.verify(await signRs256(signer, claims()), TENANT).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ScimError);
    expect([401, 503]).toContain((e as ScimError).status);
  });
});
