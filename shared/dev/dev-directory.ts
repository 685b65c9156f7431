import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/**
 * Local development only: the management API's admin key. Unless ROSTER_ADMIN_KEY is already
 * set, a key generated once (32 random bytes, base64url) is kept in `<root>/.roster/admin-key`
 * (mode 0600, next to signing-keys.json, where `roster` finds it) and set as ROSTER_ADMIN_KEY.
 * Returns the key when it came from the file, for the banner; a key the user set is theirs.
 */
export function prepareDevAdminKey(root = process.cwd()): { key?: string; file?: string } {
  if (process.env.ROSTER_ADMIN_KEY?.trim()) return {};
  const file = join(root, '.roster', 'admin-key');
  let key = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!key) {
    key = randomBytes(32).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, key + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  } else if (key.length < 32) {
    throw new Error(`${file} holds a key shorter than 32 characters; delete the file and npm start makes a new one`);
  }
  process.env.ROSTER_ADMIN_KEY = key;
  return { key, file };
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
