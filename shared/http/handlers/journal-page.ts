import type { TableClient } from '@azure/data-tables';
import { ScimError } from '../../scim/errors';
import type { JournalEntry } from '../../store/journal';
import { readJournal } from '../../store/journal-reader';
import { param } from '../list-params';

const MAX_LIMIT = 1000;

/**
 * One page of a directory's change journal, for the management API and the change feed:
 * `cursor` (opaque, from the previous page's nextCursor), `since` (ISO time), `resource` (an id)
 * and `limit` (1-1000, default 100). `nextCursor` always marks the position after this page
 * (resume from it later); `more` says whether another page is ready now. The cursor only encodes a position inside the directory
 * the caller may already read, so altering it reveals nothing.
 */
export async function journalPage(table: TableClient, directoryId: string, query: URLSearchParams): Promise<{ entries: JournalEntry[]; nextCursor?: string; more: boolean }> {
  const limit = limitOf(param(query, 'limit'));
  const since = param(query, 'since');
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw ScimError.invalidValue(`since must be an ISO 8601 time, got ${JSON.stringify(since)}`);
  const cursor = param(query, 'cursor');
  const { entries, last } = await readJournal(table, directoryId, {
    after: cursor ? decodeCursor(cursor) : undefined,
    since: since === undefined ? undefined : new Date(since).toISOString(),
    resourceId: param(query, 'resource'),
    limit,
  });
  const nextCursor = last ? encodeCursor(last) : cursor;
  return { entries, ...(nextCursor ? { nextCursor } : {}), more: entries.length === limit };
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return 100;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw ScimError.invalidValue(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  return n;
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ after: id })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string' && /^[0-9TZ:.-]+-[0-9a-f]+$/.test(after)) return after;
  } catch {
    // fall through
  }
  throw ScimError.invalidValue('cursor is not one this server issued');
}
