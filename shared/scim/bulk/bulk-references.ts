/** `bulkId:<id>` (RFC 7644 §3.7.2): a reference to the resource another operation creates. */
const REFERENCE = /^bulkId:(.+)$/;

/** The bulkIds a value refers to, anywhere inside it (strings equal to `bulkId:<id>`, path segments). */
export function referencedBulkIds(path: string | undefined, data: unknown): Set<string> {
  const ids = new Set<string>();
  for (const segment of (path ?? '').split('/')) {
    const match = REFERENCE.exec(segment);
    if (match) ids.add(match[1]!);
  }
  walk(data, (text) => {
    const match = REFERENCE.exec(text);
    if (match) ids.add(match[1]!);
    return text;
  });
  return ids;
}

/** `data` with every `bulkId:<id>` string replaced by the id created for it. */
export function resolveData(data: unknown, created: ReadonlyMap<string, string>): unknown {
  return walk(data, (text) => replace(text, created));
}

/** `path` with a `bulkId:<id>` segment replaced by the id created for it. */
export function resolvePath(path: string, created: ReadonlyMap<string, string>): string {
  return path
    .split('/')
    .map((segment) => replace(segment, created))
    .join('/');
}

function replace(text: string, created: ReadonlyMap<string, string>): string {
  const match = REFERENCE.exec(text);
  return match ? (created.get(match[1]!) ?? text) : text;
}

function walk(value: unknown, visit: (text: string) => string): unknown {
  if (typeof value === 'string') return visit(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, visit));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, visit)]));
  }
  return value;
}
