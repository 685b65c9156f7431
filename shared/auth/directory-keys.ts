import { randomUUID } from 'node:crypto';
import type { DirectoryStore, KeyRecord, KeyScope } from '../store/directory-store';
import { issueDirectoryToken, type TokenOptions } from './directory-token';
import type { SigningKey } from './signing-keys';

/** What issuing a key needs; the composition root's Services satisfies it. */
export interface KeyIssuer {
  directories: DirectoryStore;
  signingKeys: readonly SigningKey[];
  tokenOptions: TokenOptions;
}

export interface NewKey {
  name: string;
  scope: KeyScope;
  expires?: Date;
  /** A fixed key id (the development key); normally a fresh UUID. */
  keyId?: string;
}

/** Stores a key record and returns it with its token, the only time the token exists. */
export async function createDirectoryKey(services: KeyIssuer, directoryId: string, key: NewKey): Promise<{ record: KeyRecord; token: string }> {
  const record: KeyRecord = {
    directoryId,
    keyId: key.keyId ?? randomUUID(),
    name: key.name,
    scope: key.scope,
    created: new Date().toISOString(),
    expires: key.expires?.toISOString(),
  };
  await services.directories.putKey(record);
  return { record, token: await tokenFor(services, record) };
}

/** Signs a token for an existing key record with the current signing key. */
export function tokenFor(services: KeyIssuer, record: KeyRecord): Promise<string> {
  return issueDirectoryToken(
    services.signingKeys[0]!,
    services.tokenOptions,
    { directoryId: record.directoryId, keyId: record.keyId, expiresAt: record.expires ? new Date(record.expires) : undefined },
  );
}
