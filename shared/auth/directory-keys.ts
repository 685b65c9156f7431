import { randomUUID } from 'node:crypto';
import type { DirectoryStore, KeyRecord, KeyScope } from '../store/directory-store';
import { clientIdOf, hashClientSecret, newClientSecret } from './client-secret';
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
  /** How long the OAuth client secret stays valid: 1 to 3 years (gallery rules); default 2. */
  secretYears?: number;
  /** A fixed key id (the development key); normally a fresh UUID. */
  keyId?: string;
}

/** A new key: the record as stored, and the secrets that exist only in this answer. */
export interface IssuedKey {
  record: KeyRecord;
  /** The directory key (Entra's Secret Token). */
  token: string;
  /** OAuth 2.0 client credentials for the same key. */
  clientId: string;
  clientSecret: string;
}

export async function createDirectoryKey(issuer: KeyIssuer, directoryId: string, key: NewKey): Promise<IssuedKey> {
  const created = new Date();
  const clientSecret = newClientSecret();
  const secretExpires = new Date(created);
  secretExpires.setUTCFullYear(created.getUTCFullYear() + (key.secretYears ?? 2));
  const record: KeyRecord = {
    directoryId,
    keyId: key.keyId ?? randomUUID(),
    name: key.name,
    scope: key.scope,
    created: created.toISOString(),
    secretHash: await hashClientSecret(clientSecret),
    secretExpires: (key.expires && key.expires < secretExpires ? key.expires : secretExpires).toISOString(),
  };
  if (key.expires) record.expires = key.expires.toISOString();
  await issuer.directories.putKey(record);
  return { record, token: await tokenFor(issuer, record), clientId: clientIdOf(directoryId, record.keyId), clientSecret };
}

/** Signs a token for an existing key record with the current signing key. */
export function tokenFor(issuer: KeyIssuer, record: KeyRecord, expiresAt?: Date): Promise<string> {
  const keyExpiry = record.expires ? new Date(record.expires) : undefined;
  const until = expiresAt && (!keyExpiry || expiresAt < keyExpiry) ? expiresAt : keyExpiry;
  return issueDirectoryToken(issuer.signingKeys[0]!, issuer.tokenOptions, { directoryId: record.directoryId, keyId: record.keyId, expiresAt: until });
}

/** The record as the management API shows it: never the secret hash. */
export function publicKey(record: KeyRecord): Omit<KeyRecord, 'secretHash'> & { clientId: string } {
  const { secretHash: _hash, ...rest } = record;
  return { ...rest, clientId: clientIdOf(record.directoryId, record.keyId) };
}
