import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createDirectoryKey, tokenFor } from '../auth/directory-keys';
import { generateSigningKeySet } from '../auth/signing-keys';
import { getServices } from '../http/services';

export const DEV_DIRECTORY_ID = 'dev';
export const DEV_KEY_ID = 'dev-key';

/**
 * Local development only: makes sure a signing key file exists (`.roster/signing-keys.json`
 * unless ROSTER_SIGNING_KEYS or ROSTER_SIGNING_KEY_FILE say otherwise), that the `dev`
 * directory and its key exist, and returns a token for that key. Idempotent: later starts
 * find both and print a fresh token for the same key.
 */
export function prepareDevSigningKey(root = process.cwd()): void {
  if (process.env.ROSTER_SIGNING_KEYS) return;
  const file = resolve(root, process.env.ROSTER_SIGNING_KEY_FILE || '.roster/signing-keys.json');
  process.env.ROSTER_SIGNING_KEY_FILE = file;
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, generateSigningKeySet() + '\n', { mode: 0o600 });
}

export async function ensureDevDirectory(): Promise<{ tenantUrlPath: string; token: string; directoryId: string }> {
  prepareDevSigningKey();
  const services = await getServices();
  await services.directories.createDirectory({ id: DEV_DIRECTORY_ID, displayName: 'Development', created: new Date().toISOString() });
  const existing = await services.directories.getKey(DEV_DIRECTORY_ID, DEV_KEY_ID);
  const token =
    existing && !existing.revoked
      ? await tokenFor(services, existing)
      : (await createDirectoryKey(services, DEV_DIRECTORY_ID, { name: 'Development key', scope: 'read-write', keyId: DEV_KEY_ID })).token;
  return { tenantUrlPath: '/api/scim/v2', token, directoryId: DEV_DIRECTORY_ID };
}
