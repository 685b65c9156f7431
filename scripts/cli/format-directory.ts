import { formatFields, formatTable, formatTime } from './text-table';

/** A directory as the management API answers it. */
export interface DirectoryJson {
  id: string;
  displayName: string;
  created: string;
  rateLimit?: { perSecond: number; burst: number };
  entraTenantId?: string;
  counts?: { users: number; groups: number; keys: number; memberships: number };
}

export function formatRateLimit(rateLimit: DirectoryJson['rateLimit']): string {
  return rateLimit ? `${rateLimit.perSecond}/s, burst ${rateLimit.burst}` : 'deployment default';
}

export function formatDirectoryList(directories: readonly DirectoryJson[]): string {
  if (directories.length === 0) return 'No directories yet. Create one with: roster directories create <id> --name "<display name>"';
  return formatTable(
    ['ID', 'NAME', 'CREATED', 'RATE LIMIT', 'ENTRA TENANT'],
    directories.map((d) => [d.id, d.displayName, formatTime(d.created), formatRateLimit(d.rateLimit), d.entraTenantId ?? '-']),
  );
}

/** The directory's settings, and its counts when the answer has them (show). */
export function formatDirectory(d: DirectoryJson): string {
  const fields: [string, string][] = [
    ['Directory', d.id],
    ['Name', d.displayName],
    ['Created', formatTime(d.created)],
    ['Rate limit', formatRateLimit(d.rateLimit)],
    ['Entra tenant', d.entraTenantId ?? 'none'],
  ];
  if (d.counts) {
    fields.push(['Users', String(d.counts.users)], ['Groups', String(d.counts.groups)], ['Keys', String(d.counts.keys)]);
    fields.push(['Memberships', String(d.counts.memberships)]);
  }
  return formatFields(fields);
}

export function formatDeleted(body: { id: string; deleted?: Partial<Record<'users' | 'groups' | 'keys' | 'memberships', number>> }): string {
  const n = (kind: 'users' | 'groups' | 'keys' | 'memberships', one: string, many: string) => {
    const count = body.deleted?.[kind] ?? 0;
    return `${count} ${count === 1 ? one : many}`;
  };
  return `Deleted directory ${body.id} with ${n('users', 'user', 'users')}, ${n('groups', 'group', 'groups')}, ${n('keys', 'key', 'keys')} and ${n('memberships', 'membership', 'memberships')}.`;
}
