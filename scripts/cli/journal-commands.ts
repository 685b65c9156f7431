import { apiPath, requiredString, stringValue, type Command } from './command';
import { parseInteger } from './option-values';
import { formatTable, formatTime } from './text-table';

interface JournalEntry {
  id: string;
  time: string;
  op: string;
  resourceType: string;
  resourceId: string;
  keyId: string;
  changes?: Record<string, unknown>;
}

const list: Command = {
  group: 'journal',
  action: 'list',
  positionals: [],
  usage: '--directory <id> [--since <ISO time>] [--resource <id>] [--limit <n>] [--cursor <cursor>]',
  summary: "Page through a directory's change journal, oldest first",
  options: {
    directory: { type: 'string', short: 'd', value: 'directory id', help: 'the directory' },
    since: { type: 'string', value: 'time', help: 'only changes at or after this ISO 8601 time' },
    resource: { type: 'string', value: 'id', help: 'only changes of this user or group' },
    limit: { type: 'string', value: 'n', help: 'entries per page, 1-1000 (default 100)' },
    cursor: { type: 'string', value: 'cursor', help: 'continue after a previous page (its "next" line)' },
  },
  request: ({ values }) => {
    const query = new URLSearchParams();
    for (const name of ['since', 'resource', 'cursor']) {
      const value = stringValue(values, name);
      if (value !== undefined) query.set(name, value);
    }
    const limit = stringValue(values, 'limit');
    if (limit !== undefined) query.set('limit', String(parseInteger(limit, '--limit', 1, 1000)));
    const suffix = query.size > 0 ? `?${query}` : '';
    return { method: 'GET', path: `${apiPath('directories', requiredString(values, 'directory', 'directory id'), 'journal')}${suffix}` };
  },
  render: (body: { entries: JournalEntry[]; nextCursor?: string; more: boolean }) => formatJournal(body),
};

export function formatJournal(body: { entries: JournalEntry[]; nextCursor?: string; more: boolean }): string {
  if (body.entries.length === 0) return `No changes.${body.nextCursor ? `\nnext: --cursor ${body.nextCursor}` : ''}`;
  const rows = body.entries.map((e) => [formatTime(e.time), e.op, `${e.resourceType} ${e.resourceId}`, e.keyId, summarise(e.changes)]);
  const table = formatTable(['Time', 'Operation', 'Resource', 'Key', 'Changes'], rows);
  const next = body.nextCursor ? `\n${body.more ? 'more' : 'caught up'}; next: --cursor ${body.nextCursor}` : '';
  return table + next;
}

function summarise(changes: Record<string, unknown> | undefined): string {
  if (!changes) return '';
  const text = Object.entries(changes)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export const JOURNAL_COMMANDS: readonly Command[] = [list];
