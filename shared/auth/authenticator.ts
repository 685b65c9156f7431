import { ScimError } from '../scim/errors';
import type { DirectoryRecord, DirectoryStore, KeyRecord, KeyScope } from '../store/directory-store';
import { verifyDirectoryToken, type TokenOptions } from './directory-token';
import { claimedEntraTenant, type EntraTokenVerifier } from './entra-token';
import type { RateLimit } from './rate-limiter';
import type { SigningKey } from './signing-keys';
import { TtlCache } from './ttl-cache';

export interface Principal {
  directoryId: string;
  keyId: string;
  scope: KeyScope;
  /** The directory's own limit, when its settings set one. */
  rateLimit?: RateLimit;
}

const MAX_CACHED = 10_000;
/** `lastUsed` is written at most this often per key (and never on the request's critical path). */
const LAST_USED_EVERY_MS = 60_000;

/**
 * Bearer token -> principal. The signature is checked on every call (no storage); the key
 * record (revoked? expired? scope) and the directory record are read at most once per
 * `cacheSeconds` each, so a revoked key or a deleted directory stops working within that bound.
 */
export class Authenticator {
  private readonly keys: TtlCache<KeyRecord | undefined>;
  private readonly directoryCache: TtlCache<DirectoryRecord | undefined>;
  private readonly tenants: TtlCache<string | undefined>;
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly signingKeys: readonly SigningKey[],
    private readonly tokenOptions: TokenOptions,
    private readonly directories: DirectoryStore,
    cacheSeconds: number,
    private readonly entra?: EntraTokenVerifier,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = new TtlCache(cacheSeconds * 1000, MAX_CACHED, now);
    this.tenants = new TtlCache(cacheSeconds * 1000, MAX_CACHED, now);
    this.directoryCache = new TtlCache(cacheSeconds * 1000, MAX_CACHED, now);
  }

  async authenticate(authorization: string | null): Promise<Principal> {
    const token = bearerToken(authorization);
    const tenant = this.entra && claimedEntraTenant(token);
    if (tenant) return this.entraPrincipal(token, tenant);
    const claims = await verifyDirectoryToken(this.signingKeys, token, this.tokenOptions);
    const [record, directory] = await Promise.all([
      this.keys.get(`${claims.directoryId}\n${claims.keyId}`, () => this.directories.getKey(claims.directoryId, claims.keyId)),
      this.directory(claims.directoryId),
    ]);
    if (!record || !directory) throw ScimError.unauthorized('the directory key behind this token does not exist');
    if (record.revoked) throw ScimError.unauthorized('the directory key behind this token was revoked');
    if (record.expires && Date.parse(record.expires) <= this.now()) throw ScimError.unauthorized('the directory key behind this token has expired');
    this.touch(record);
    return { directoryId: record.directoryId, keyId: record.keyId, scope: record.scope, rateLimit: directory.rateLimit };
  }

  /** An Entra-issued token opens the one directory that trusts its tenant, read-write. */
  private async entraPrincipal(token: string, tenantId: string): Promise<Principal> {
    const directoryId = await this.tenants.get(tenantId, () => this.directories.directoryForTenant(tenantId));
    const directory = directoryId ? await this.directory(directoryId) : undefined;
    if (!directory || directory.entraTenantId?.toLowerCase() !== tenantId) {
      throw ScimError.unauthorized('no directory accepts tokens of this Entra tenant');
    }
    await this.entra!.verify(token, tenantId);
    return { directoryId: directory.id, keyId: `entra:${tenantId}`, scope: 'read-write', rateLimit: directory.rateLimit };
  }

  /** The directory record, cached like key records. */
  directory(directoryId: string): Promise<DirectoryRecord | undefined> {
    return this.directoryCache.get(directoryId, () => this.directories.getDirectory(directoryId));
  }

  /** Forget cached records so a management change applies at once on this instance. */
  forget(directoryId: string, keyId?: string, tenantId?: string): void {
    this.directoryCache.delete(directoryId);
    if (tenantId) this.tenants.delete(tenantId.toLowerCase());
    if (keyId) this.keys.delete(`${directoryId}\n${keyId}`);
  }

  private touch(record: KeyRecord): void {
    const id = `${record.directoryId}\n${record.keyId}`;
    const last = Math.max(this.lastTouched.get(id) ?? 0, record.lastUsed ? Date.parse(record.lastUsed) : 0);
    if (this.now() - last < LAST_USED_EVERY_MS) return;
    if (this.lastTouched.size >= MAX_CACHED) this.lastTouched.delete(this.lastTouched.keys().next().value as string);
    this.lastTouched.set(id, this.now());
    this.directories.touchKey(record.directoryId, record.keyId, new Date(this.now()).toISOString()).catch(() => undefined);
  }
}

function bearerToken(authorization: string | null): string {
  if (!authorization) throw ScimError.unauthorized('an Authorization: Bearer <token> header is required');
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(authorization);
  if (!match) throw ScimError.unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1]!;
}
