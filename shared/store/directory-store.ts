import { RestError, type TableClient, type TransactionAction } from '@azure/data-tables';
import { encodeKeyPart } from './key-encoding';
import { keyRow } from './row-keys';
import { BatchFailure, MAX_BATCH, TablePartition } from './table-partition';

/** Per-directory settings an admin can change. */
export interface DirectorySettings {
  /** Token bucket per key: sustained requests per second and burst size. */
  rateLimit?: { perSecond: number; burst: number };
  /** Accept Entra-issued tokens of this tenant (ENTRA: Secret Token left blank). */
  entraTenantId?: string;
}

export interface DirectoryRecord extends DirectorySettings {
  id: string;
  displayName: string;
  created: string;
}

export type KeyScope = 'read-write' | 'read-only';

/** A directory key record (DESIGN.md §4); the token itself is never stored. */
export interface KeyRecord {
  directoryId: string;
  keyId: string;
  name: string;
  scope: KeyScope;
  created: string;
  expires?: string;
  revoked?: string;
  lastUsed?: string;
  /** OAuth client secret as a slow hash (scrypt), and when it stops being accepted. */
  secretHash?: string;
  secretExpires?: string;
}

/** Directory id: a slug that is safe as a PartitionKey and in URLs. */
export const DIRECTORY_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The registry of directories lives in its own partition, `_roster`, which no directory id can
 * name (ids are slugs of lower-case letters, digits and dashes): `dir:<id>` per directory,
 * `tid:<tenant>` per trusted Entra tenant, and reconciliation's checkpoints: `ckpt:reconcile`
 * (the directory the next run starts with) and `ckpt:reconcile:<id>` per directory whose pass
 * spans runs. Each directory's data, keys included, lives in the directory's own partition.
 */
const REGISTRY = '_roster';
const KEY_PREFIX = 'key:';

export class DirectoryStore {
  private readonly registry: TablePartition;

  /** `background` carries writes made off a request's path (lastUsed), uncounted by storageMetrics. */
  constructor(
    private readonly table: TableClient,
    private readonly background: TableClient = table,
  ) {
    this.registry = new TablePartition(table, REGISTRY);
  }

  async getDirectory(id: string): Promise<DirectoryRecord | undefined> {
    if (!DIRECTORY_ID_PATTERN.test(id)) return undefined;
    const e = await this.registry.read(`dir:${id}`);
    return e && toDirectory(e);
  }

  async listDirectories(): Promise<DirectoryRecord[]> {
    const out: DirectoryRecord[] = [];
    for await (const page of this.registry.range({ from: 'dir:', to: 'dir;' })) out.push(...page.map(toDirectory));
    return out;
  }

  /** Creates the directory; resolves false when the id is taken. */
  async createDirectory(record: DirectoryRecord): Promise<boolean> {
    if (!DIRECTORY_ID_PATTERN.test(record.id)) throw new Error(`invalid directory id "${record.id}"`);
    try {
      await this.table.createEntity(this.registry.entity(`dir:${record.id}`, fromDirectory(record)));
      return true;
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 409) return false;
      throw e;
    }
  }

  /**
   * Replaces the record and moves the tenant mapping in one transaction (both rows live in the
   * registry partition); false when another directory already trusts that tenant.
   */
  async updateDirectory(prev: DirectoryRecord, next: DirectoryRecord): Promise<boolean> {
    const actions: TransactionAction[] = [['update', this.registry.entity(`dir:${next.id}`, fromDirectory(next)), 'Replace']];
    if (prev.entraTenantId !== next.entraTenantId) {
      if (prev.entraTenantId) actions.push(['delete', this.registry.entity(tenantRow(prev.entraTenantId))]);
      if (next.entraTenantId) actions.push(['create', this.registry.entity(tenantRow(next.entraTenantId), { directoryId: next.id })]);
    }
    try {
      await this.registry.submit(actions);
      return true;
    } catch (e) {
      if (e instanceof BatchFailure && e.code === 'EntityAlreadyExists') return false;
      throw e;
    }
  }

  /** The directory that trusts an Entra tenant, if any. */
  async directoryForTenant(tenantId: string): Promise<string | undefined> {
    const row = await this.registry.read(tenantRow(tenantId));
    return row ? String(row.directoryId) : undefined;
  }

  /** Removes every row of the directory's partition, then its registry rows; counts by row kind. */
  async deleteDirectory(record: DirectoryRecord): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const part = new TablePartition(this.table, record.id);
    for (;;) {
      const rows = await part.first({ from: '', to: '\uffff' }, MAX_BATCH);
      if (rows.length === 0) break;
      for (const row of rows) counts[rowKind(row.rowKey)] = (counts[rowKind(row.rowKey)] ?? 0) + 1;
      await part.submit(rows.map((r): TransactionAction => ['delete', part.entity(r.rowKey)]));
    }
    const registryRows: TransactionAction[] = [['delete', this.registry.entity(`dir:${record.id}`)]];
    if (record.entraTenantId) registryRows.push(['delete', this.registry.entity(tenantRow(record.entraTenantId))]);
    await this.registry.submit(registryRows);
    await this.clearReconcileProgress(record.id);
    return counts;
  }

  /** Rows of each kind in the directory's partition (users, groups, memberships, keys). */
  async countRows(directoryId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const part = new TablePartition(this.table, directoryId);
    for await (const page of part.range({ from: '', to: '\uffff' }, 1000, ['RowKey'])) {
      for (const row of page) counts[rowKind(row.rowKey)] = (counts[rowKind(row.rowKey)] ?? 0) + 1;
    }
    return counts;
  }

  async putKey(key: KeyRecord): Promise<void> {
    const { directoryId, ...props } = key;
    await this.table.upsertEntity({ partitionKey: directoryId, rowKey: keyRow(key.keyId), ...props }, 'Replace');
  }

  /** Sets `lastUsed` without touching the rest of the record. */
  async touchKey(directoryId: string, keyId: string, lastUsed: string): Promise<void> {
    await this.background.updateEntity({ partitionKey: directoryId, rowKey: keyRow(keyId), lastUsed }, 'Merge');
  }

  async getKey(directoryId: string, keyId: string): Promise<KeyRecord | undefined> {
    if (!DIRECTORY_ID_PATTERN.test(directoryId)) return undefined;
    const e = await new TablePartition(this.table, directoryId).read(keyRow(keyId));
    return e && toKey(directoryId, e);
  }

  async putReport(report: ReconcileReport): Promise<void> {
    const { directoryId, id, ...rest } = report;
    await this.table.createEntity({ partitionKey: directoryId, rowKey: `rpt:${id}`, report: JSON.stringify(rest) });
  }

  /** The newest reports first. */
  async listReports(directoryId: string, limit: number): Promise<ReconcileReport[]> {
    const part = new TablePartition(this.table, directoryId);
    const all: ReconcileReport[] = [];
    for await (const page of part.range({ from: 'rpt:', to: 'rpt;' })) {
      for (const row of page) all.push({ id: row.rowKey.slice(4), directoryId, ...(JSON.parse(String(row.report)) as Omit<ReconcileReport, 'id' | 'directoryId'>) });
    }
    return all.reverse().slice(0, limit);
  }

  /** Where the last reconciliation run stopped: the next directory to process, if any. */
  async getCheckpoint(): Promise<string | undefined> {
    const row = await this.registry.read('ckpt:reconcile');
    return typeof row?.next === 'string' && row.next !== '' ? row.next : undefined;
  }

  async setCheckpoint(next: string | undefined): Promise<void> {
    await this.table.upsertEntity(this.registry.entity('ckpt:reconcile', { next: next ?? '' }), 'Replace');
  }

  /** A directory's unfinished reconciliation pass (`ckpt:reconcile:<id>`), with the row's ETag. */
  async getReconcileProgress(directoryId: string): Promise<{ row: ReconcileProgressRow; etag: string } | undefined> {
    const e = await this.registry.read(progressRow(directoryId));
    if (!e) return undefined;
    const { etag, ...row } = e;
    return { row: row as ReconcileProgressRow, etag: String(etag) };
  }

  /**
   * Writes the pass with optimistic concurrency: `etag` is the one last read or written, none
   * when the row should not exist yet. Resolves the new ETag, or undefined when another run
   * wrote the row meanwhile (that run owns the pass now).
   */
  async putReconcileProgress(directoryId: string, row: ReconcileProgressRow, etag?: string): Promise<string | undefined> {
    const entity = this.registry.entity(progressRow(directoryId), row);
    try {
      const written = etag === undefined ? await this.table.createEntity(entity) : await this.table.updateEntity(entity, 'Replace', { etag });
      return written.etag;
    } catch (e) {
      if (e instanceof RestError && (e.statusCode === 409 || e.statusCode === 412 || e.statusCode === 404)) return undefined;
      throw e;
    }
  }

  /** Removes the pass once its report is written; with `etag`, only if no other run wrote it since. */
  async clearReconcileProgress(directoryId: string, etag?: string): Promise<void> {
    try {
      await this.table.deleteEntity(REGISTRY, progressRow(directoryId), etag === undefined ? undefined : { etag });
    } catch (e) {
      if (!(e instanceof RestError && (e.statusCode === 404 || e.statusCode === 412))) throw e;
    }
  }

  async listKeys(directoryId: string): Promise<KeyRecord[]> {
    const part = new TablePartition(this.table, directoryId);
    const out: KeyRecord[] = [];
    for await (const page of part.range({ from: KEY_PREFIX, to: 'key;' })) out.push(...page.map((e) => toKey(directoryId, e)));
    return out;
  }
}

/**
 * A directory's unfinished reconciliation pass as stored: plain properties, encoded and
 * decoded by shared/reconcile/checkpoint.ts.
 */
export type ReconcileProgressRow = Record<string, string | number>;

/** A reconciliation report as stored (`rpt:<time>-<random>` in the directory's partition). */
export interface ReconcileReport {
  id: string;
  directoryId: string;
  started: string;
  durationMs: number;
  checked: Record<string, number>;
  repaired: Record<string, number>;
  purged: Record<string, number>;
  conflicts: string[];
  lastSeen?: string;
  /** Requests and errors per Entra-cycle window (40 minutes), oldest first. */
  windows: { window: string; requests: number; errors: number }[];
  flags: string[];
  /** How many runs the pass took (a directory too large for one run is resumed); absent in older reports. */
  runs?: number;
}

function progressRow(directoryId: string): string {
  return `ckpt:reconcile:${directoryId}`;
}

function tenantRow(tenantId: string): string {
  return `tid:${encodeKeyPart(tenantId.toLowerCase())}`;
}

/** The kind of a row from its RowKey prefix (see row-keys.ts). */
function rowKind(rowKey: string): string {
  if (rowKey.startsWith('res:user:')) return rowKey.includes(':g:') ? 'memberships' : 'users';
  if (rowKey.startsWith('res:group:')) return 'groups';
  if (rowKey.startsWith('gm:')) return 'memberships';
  if (rowKey.startsWith(KEY_PREFIX)) return 'keys';
  if (rowKey.startsWith('jr:')) return 'journal';
  if (rowKey.startsWith('rpt:')) return 'reports';
  if (rowKey.startsWith('hc:')) return 'requestStats';
  if (rowKey.startsWith('uix:') || rowKey.startsWith('mix:')) return 'indexRows';
  return 'other';
}

function fromDirectory(r: DirectoryRecord): Record<string, unknown> {
  return { displayName: r.displayName, created: r.created, settings: JSON.stringify({ rateLimit: r.rateLimit, entraTenantId: r.entraTenantId }) };
}

function toDirectory(e: Record<string, unknown>): DirectoryRecord {
  const settings = JSON.parse(String(e.settings ?? '{}')) as DirectorySettings;
  return { id: String(e.rowKey).slice('dir:'.length), displayName: String(e.displayName), created: String(e.created), ...settings };
}

function toKey(directoryId: string, e: Record<string, unknown>): KeyRecord {
  const text = (name: string) => (typeof e[name] === 'string' ? (e[name] as string) : undefined);
  const record: KeyRecord = {
    directoryId,
    keyId: String(e.keyId),
    name: String(e.name),
    scope: e.scope === 'read-only' ? 'read-only' : 'read-write',
    created: String(e.created),
  };
  for (const name of ['expires', 'revoked', 'lastUsed', 'secretHash', 'secretExpires'] as const) {
    const value = text(name);
    if (value !== undefined) record[name] = value;
  }
  return record;
}

