import { odata, RestError, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';

export type Entity = TableEntity<Record<string, unknown>> & { etag?: string };

/** Azure's cap on entities returned by one query request. */
const MAX_ROWS_PER_REQUEST = 1000;

/** A RowKey range: from <= RowKey < to, and RowKey > after when `after` is given. */
export interface KeyRange {
  from: string;
  to: string;
  after?: string;
}

/** Azure's cap on operations in one entity-group transaction. */
export const MAX_BATCH = 100;

/**
 * Fault injection for tests only: when `failAfter` is a number, that many more transactions
 * succeed and the next one throws as if the process had died between two transactions.
 */
export const storeFaults: { failAfter?: number } = {};

/** Which operation of a transaction failed, and how (RestError code: EntityAlreadyExists...). */
export class BatchFailure extends Error {
  constructor(
    readonly code: string,
    readonly index: number,
    readonly status: number | undefined,
  ) {
    super(`transaction operation ${index} failed: ${code}`);
    this.name = 'BatchFailure';
  }
}

/**
 * Reads and transactions inside one directory partition. Queries are built only with the
 * `odata` template (values are escaped by it), never by string concatenation.
 */
export class TablePartition {
  constructor(
    readonly table: TableClient,
    readonly partitionKey: string,
  ) {}

  async read(rowKey: string): Promise<Entity | undefined> {
    try {
      return (await this.table.getEntity(this.partitionKey, rowKey)) as Entity;
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  /**
   * Rows with from <= RowKey < to (and RowKey > after, when `after` is given: a page that
   * resumes by key starts right after the last row it returned), a storage page at a time.
   */
  async *range(bounds: KeyRange, pageSize = MAX_ROWS_PER_REQUEST, select?: string[]): AsyncIterable<Entity[]> {
    const after = bounds.after !== undefined && bounds.after >= bounds.from ? bounds.after : undefined;
    if ((after ?? bounds.from) >= bounds.to) return;
    const filter =
      after === undefined
        ? odata`PartitionKey eq ${this.partitionKey} and RowKey ge ${bounds.from} and RowKey lt ${bounds.to}`
        : odata`PartitionKey eq ${this.partitionKey} and RowKey gt ${after} and RowKey lt ${bounds.to}`;
    const pages = this.table.listEntities({ queryOptions: { filter, select } }).byPage({ maxPageSize: Math.min(pageSize, MAX_ROWS_PER_REQUEST) });
    for await (const page of pages) yield page as Entity[];
  }

  /**
   * At most `limit` rows of a range and whether more follow, for pages that resume by key: one
   * query for `limit + 1` rows, repeated only if storage answers a short page with a
   * continuation (it may, e.g. at its time limit). Memory is bounded by `limit`.
   */
  async page(bounds: KeyRange, limit: number): Promise<{ rows: Entity[]; more: boolean }> {
    const rows: Entity[] = [];
    for await (const page of this.range(bounds, limit + 1)) {
      rows.push(...page);
      if (rows.length > limit) break;
    }
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }

  /** At most `limit` rows of a range in one request. */
  async first(bounds: { from: string; to: string }, limit: number): Promise<Entity[]> {
    for await (const page of this.range(bounds, limit)) return page.slice(0, limit);
    return [];
  }

  /** One entity-group transaction; the ETags it returns, in order. Throws BatchFailure. */
  async submit(actions: TransactionAction[]): Promise<string[]> {
    if (actions.length === 0) return [];
    if (storeFaults.failAfter !== undefined && storeFaults.failAfter-- <= 0) {
      storeFaults.failAfter = undefined;
      throw new Error('injected fault: the process stopped between two transactions');
    }
    try {
      const result = await this.table.submitTransaction(actions);
      return result.subResponses.map((r) => r.etag?.trim() ?? '');
    } catch (e) {
      if (e instanceof RestError && e.code && e.statusCode !== undefined && e.statusCode < 500) {
        const index = /^(\d+):/.exec(e.message)?.[1];
        throw new BatchFailure(e.code, index === undefined ? -1 : Number(index), e.statusCode);
      }
      throw e;
    }
  }

  entity(rowKey: string, props: Record<string, unknown> = {}): Entity {
    return { partitionKey: this.partitionKey, rowKey, ...props };
  }
}
