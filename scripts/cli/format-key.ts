import { formatFields, formatTable, formatTime } from './text-table';

/** A key record as the management API shows it: never a token, never the secret's hash. */
export interface KeyJson {
  directoryId: string;
  keyId: string;
  name: string;
  scope: string;
  created: string;
  expires?: string;
  revoked?: string;
  lastUsed?: string;
  secretExpires?: string;
  clientId: string;
}

/** What creating or rotating a key answers: the only time the secrets exist outside the client. */
export interface IssuedKeyJson {
  key: KeyJson;
  token: string;
  clientId: string;
  clientSecret: string;
  previous?: KeyJson;
}

export const SECRETS_SHOWN_ONCE =
  'Copy the Secret Token and client secret now: Roster stores neither, and they will not be shown again.';

export function formatExpiry(iso: string | undefined, now: Date): string {
  if (!iso) return 'never';
  return new Date(iso).getTime() <= now.getTime() ? `${formatTime(iso)} (expired)` : formatTime(iso);
}

export function formatKeyList(directoryId: string, keys: readonly KeyJson[], now: Date): string {
  if (keys.length === 0) return `Directory ${directoryId} has no keys. Create one with: roster keys create --directory ${directoryId} --name <name>`;
  const sorted = [...keys].sort((a, b) => a.created.localeCompare(b.created));
  return formatTable(
    ['NAME', 'ID', 'SCOPE', 'CREATED', 'LAST USED', 'EXPIRES', 'REVOKED'],
    sorted.map((k) => [k.name, k.keyId, k.scope, formatTime(k.created), formatTime(k.lastUsed, 'never'), formatExpiry(k.expires, now), formatTime(k.revoked)]),
  );
}

/** The new key with its secrets, the warning, and where the token goes. */
export function formatIssuedKey(issued: IssuedKeyJson, baseUrl: string, now: Date): string {
  const k = issued.key;
  const fields = formatFields(
    [
      ['Key id', k.keyId],
      ['Scope', k.scope],
      ['Expires', formatExpiry(k.expires, now)],
      ['Tenant URL', `${baseUrl}/api/scim/v2`],
      ['Secret Token', issued.token],
      ['Client id', issued.clientId],
      ['Client secret', issued.clientSecret],
      ['Secret expires', formatExpiry(k.secretExpires, now)],
    ],
    '  ',
  );
  return `Created key "${k.name}" in directory ${k.directoryId}.\n\n${fields}\n\n${SECRETS_SHOWN_ONCE}`;
}

export function formatRevoked(k: KeyJson): string {
  return (
    `Revoked key "${k.name}" (${k.keyId}) of directory ${k.directoryId} at ${formatTime(k.revoked)}. ` +
    'Its token and client secret stop working within the key cache time (ROSTER_KEY_CACHE_SECONDS, 60 s by default).'
  );
}

/** A rotation: the new key as for create, then what became of the previous one. */
export function formatRotated(issued: IssuedKeyJson, baseUrl: string, now: Date): string {
  const old = issued.previous;
  if (!old) return formatIssuedKey(issued, baseUrl, now);
  const until = old.expires ? `until ${formatTime(old.expires)}` : 'until you revoke it';
  return (
    `${formatIssuedKey(issued, baseUrl, now)}\n\n` +
    `The previous key ${old.keyId} keeps working ${until}. Once Entra uses the new token, revoke it:\n` +
    `  roster keys revoke --directory ${old.directoryId} ${old.keyId}`
  );
}
