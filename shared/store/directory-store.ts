import { RestError, type TableClient } from '@azure/data-tables';
import { DIRECTORY_ROW, keyRow } from './row-keys';

/** The directory record, stored as the `dir` row of its own partition. */
export interface DirectoryRecord {
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
}

/** Directory id: a slug that is safe as a PartitionKey and in URLs. */
export const DIRECTORY_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export class DirectoryStore {
  constructor(private readonly table: TableClient) {}

  async getDirectory(id: string): Promise<DirectoryRecord | undefined> {
    const e = await this.read(id, DIRECTORY_ROW);
    return e && { id, displayName: String(e.displayName), created: String(e.created) };
  }

  /** Creates the directory; resolves false when it already exists. */
  async createDirectory(record: DirectoryRecord): Promise<boolean> {
    if (!DIRECTORY_ID_PATTERN.test(record.id)) throw new Error(`invalid directory id "${record.id}"`);
    try {
      await this.table.createEntity({ partitionKey: record.id, rowKey: DIRECTORY_ROW, displayName: record.displayName, created: record.created });
      return true;
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 409) return false;
      throw e;
    }
  }

  async putKey(key: KeyRecord): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: key.directoryId,
        rowKey: keyRow(key.keyId),
        keyId: key.keyId,
        name: key.name,
        scope: key.scope,
        created: key.created,
        expires: key.expires,
        revoked: key.revoked,
      },
      'Replace',
    );
  }

  async getKey(directoryId: string, keyId: string): Promise<KeyRecord | undefined> {
    if (!DIRECTORY_ID_PATTERN.test(directoryId)) return undefined;
    const e = await this.read(directoryId, keyRow(keyId));
    if (!e) return undefined;
    return {
      directoryId,
      keyId,
      name: String(e.name),
      scope: e.scope === 'read-only' ? 'read-only' : 'read-write',
      created: String(e.created),
      expires: typeof e.expires === 'string' ? e.expires : undefined,
      revoked: typeof e.revoked === 'string' ? e.revoked : undefined,
    };
  }

  private async read(partitionKey: string, rowKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      return await this.table.getEntity(partitionKey, rowKey);
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return undefined;
      throw e;
    }
  }
}
