import { ScimError } from '../scim/errors';
import type { DirectoryStore, KeyRecord, KeyScope } from '../store/directory-store';
import { verifyDirectoryToken, type TokenOptions } from './directory-token';
import type { SigningKey } from './signing-keys';

export interface Principal {
  directoryId: string;
  keyId: string;
  scope: KeyScope;
}

const MAX_CACHED_KEYS = 10_000;

/**
 * Bearer token -> principal. The signature is checked on every call (no storage); the key
 * record (revoked? expired? scope) is read at most once per `cacheSeconds` per key, so a
 * revoked key stops working within that bound.
 */
export class Authenticator {
  private readonly cache = new Map<string, { record: KeyRecord | undefined; until: number }>();

  constructor(
    private readonly keys: readonly SigningKey[],
    private readonly tokenOptions: TokenOptions,
    private readonly directories: DirectoryStore,
    private readonly cacheSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(authorization: string | null): Promise<Principal> {
    const token = bearerToken(authorization);
    const claims = await verifyDirectoryToken(this.keys, token, this.tokenOptions);
    const record = await this.keyRecord(claims.directoryId, claims.keyId);
    if (!record) throw ScimError.unauthorized('the directory key behind this token does not exist');
    if (record.revoked) throw ScimError.unauthorized('the directory key behind this token was revoked');
    if (record.expires && Date.parse(record.expires) <= this.now()) throw ScimError.unauthorized('the directory key behind this token has expired');
    return { directoryId: record.directoryId, keyId: record.keyId, scope: record.scope };
  }

  private async keyRecord(directoryId: string, keyId: string): Promise<KeyRecord | undefined> {
    const cacheKey = `${directoryId}\n${keyId}`;
    const hit = this.cache.get(cacheKey);
    if (hit && hit.until > this.now()) return hit.record;
    const record = await this.directories.getKey(directoryId, keyId);
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(cacheKey, { record, until: this.now() + this.cacheSeconds * 1000 });
    return record;
  }
}

function bearerToken(authorization: string | null): string {
  if (!authorization) throw ScimError.unauthorized('an Authorization: Bearer <token> header is required');
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(authorization);
  if (!match) throw ScimError.unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1]!;
}
