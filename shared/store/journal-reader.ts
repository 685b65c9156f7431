import { odata, type TableClient } from '@azure/data-tables';
import { JOURNAL_PREFIX, toJournalEntry, type JournalEntry } from './journal';

export interface JournalQuery {
  /** Entries after this journal id (a cursor's position). */
  after?: string;
  /** Entries at or after this time (ISO 8601). */
  since?: string;
  /** Only entries about this resource id. */
  resourceId?: string;
  limit: number;
}

/** Pages through a directory's change journal in time order; `last` is where the next page starts. */
export async function readJournal(table: TableClient, directoryId: string, query: JournalQuery): Promise<{ entries: JournalEntry[]; last?: string }> {
  const from = query.after ? `${JOURNAL_PREFIX}${query.after}` : `${JOURNAL_PREFIX}${query.since ?? ''}`;
  const lower = query.after ? odata`RowKey gt ${from}` : odata`RowKey ge ${from}`;
  let filter = `${odata`PartitionKey eq ${directoryId}`} and ${lower} and ${odata`RowKey lt ${'jr;'}`}`;
  if (query.resourceId) filter += ` and ${odata`resourceId eq ${query.resourceId}`}`;
  const entries: JournalEntry[] = [];
  for await (const page of table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(1000, query.limit) })) {
    for (const row of page) {
      if (entries.length < query.limit) entries.push(toJournalEntry(row as never));
    }
    if (entries.length >= query.limit) break;
  }
  return { entries, last: entries.at(-1)?.id };
}
