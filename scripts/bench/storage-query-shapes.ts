/**
 * The two storage operations the bench's Azurite answers from its indexes (azurite-index.ts),
 * recognised by shape; anything else goes to Azurite unchanged.
 */

/** LokiJS `findOne({ PartitionKey, RowKey })`, keys in that order, both strings: Azurite's point lookup. */
export function isPointQuery(query: unknown): query is { PartitionKey: string; RowKey: string } {
  if (typeof query !== 'object' || query === null) return false;
  const q = query as Record<string, unknown>;
  const keys = Object.keys(q);
  return keys.length === 2 && keys[0] === 'PartitionKey' && keys[1] === 'RowKey' && typeof q.PartitionKey === 'string' && typeof q.RowKey === 'string';
}

const QUOTED = "'((?:[^']|'')*)'";
const RANGE = new RegExp(`^\\s*PartitionKey eq ${QUOTED} and RowKey ge ${QUOTED} and RowKey lt ${QUOTED}\\s*$`);

/**
 * The RowKey bounds of an OData filter exactly of the form Roster's TablePartition.range sends
 * (`PartitionKey eq 'p' and RowKey ge 'a' and RowKey lt 'b'`, quotes doubled inside values);
 * undefined for any other filter. Bounds that could look numeric to LokiJS are refused.
 */
export function rowKeyRange(filter: unknown): { from: string; to: string } | undefined {
  if (typeof filter !== 'string') return undefined;
  const match = RANGE.exec(filter);
  if (!match) return undefined;
  const [from, to] = [match[2]!, match[3]!].map((v) => v.replace(/''/g, "'"));
  return looksNumeric(from!) || looksNumeric(to!) ? undefined : { from: from!, to: to! };
}

/** LokiJS compares values that Number() can read as numbers numerically, not as strings. */
export function looksNumeric(value: string): boolean {
  return value.trim() === '' || !Number.isNaN(Number(value));
}
