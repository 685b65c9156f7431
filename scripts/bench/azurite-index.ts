/**
 * Preloaded into the bench's Azurite (`node --require`), never into Roster. Azurite's table store
 * keeps entities in LokiJS and does not use the PartitionKey + RowKey index the way Azure Table
 * Storage does, and Roster keeps a whole directory in one partition:
 *
 * - a point operation (`findOne({ PartitionKey, RowKey })`, behind every read, insert, update and
 *   delete) uses LokiJS's binary index for the first key only, PartitionKey, and then scans the
 *   partition for the RowKey;
 * - a range query (`PartitionKey eq .. and RowKey ge .. and RowKey lt ..`) runs its filter over
 *   every row of the table.
 *
 * So on stock Azurite every storage operation costs time in proportion to the directory: seeding
 * 10,000 users through the API takes many minutes, and every latency grows with the directory for
 * a reason Azure does not share. This preload makes LokiJS narrow by its RowKey index first: a
 * point lookup as `{ RowKey, PartitionKey }` (the same two equalities, LokiJS rechecks `$eq`
 * exactly), and a range query by `RowKey $between [ge, lt]` before Azurite's own filter, which
 * still decides every row. LokiJS compares numeric-looking strings as numbers; Roster's RowKeys
 * always start with a kind prefix (`res:`, `uix:`, `gm:`, ...), and bounds that look numeric are
 * left to Azurite. `npm run bench -- --azurite-as-is` runs without this preload.
 */
import { createRequire } from 'node:module';
import { isPointQuery, rowKeyRange } from './storage-query-shapes';

interface LokiResultset {
  find(query: unknown): LokiResultset;
}

interface LokiCollection {
  findOne(query: unknown): unknown;
  chain(...args: unknown[]): LokiResultset;
}

type QueryEntities = (this: TableStore, context: unknown, account: string, table: string, options: { filter?: unknown } | undefined, ...rest: unknown[]) => Promise<unknown>;

interface TableStore {
  getEntityCollection(account: string, table: string, context: unknown): LokiCollection;
  queryTableEntities: QueryEntities;
}

const fromAzurite = createRequire(require.resolve('azurite/package.json'));
const loki = fromAzurite('lokijs') as { Collection: { prototype: LokiCollection } };
const store = fromAzurite('./dist/src/table/persistence/LokiTableMetadataStore.js') as { default: { prototype: TableStore } };

const findOne = loki.Collection.prototype.findOne;
loki.Collection.prototype.findOne = function (this: LokiCollection, query: unknown) {
  return findOne.call(this, isPointQuery(query) ? { RowKey: query.RowKey, PartitionKey: query.PartitionKey } : query);
};

const queryTableEntities = store.default.prototype.queryTableEntities;
store.default.prototype.queryTableEntities = function (this: TableStore, context, account, table, options, ...rest) {
  const range = rowKeyRange(options?.filter);
  let collection: LokiCollection | undefined;
  try {
    collection = range && this.getEntityCollection(account, table, context);
  } catch {
    collection = undefined;
  }
  if (!range || !collection) return queryTableEntities.call(this, context, account, table, options, ...rest);
  // Azurite builds its result set synchronously, before its first await: narrow the one chain() it starts.
  const chain = collection.chain;
  collection.chain = function (this: LokiCollection, ...args: unknown[]) {
    return chain.apply(this, args).find({ RowKey: { $between: [range.from, range.to] } });
  };
  try {
    return queryTableEntities.call(this, context, account, table, options, ...rest);
  } finally {
    delete (collection as Partial<LokiCollection>).chain;
  }
};
