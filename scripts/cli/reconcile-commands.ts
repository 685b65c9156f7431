import { describeStop, type RunResult } from '../../shared/reconcile/run-reconciliation';
import type { ReconcileReport } from '../../shared/store/directory-store';
import { apiPath, requiredString, stringValue, type Command } from './command';
import { formatTable, formatTime } from './text-table';

/** The API answers reports as the store keeps them. */
type Report = ReconcileReport;

const run: Command = {
  group: 'reconcile',
  action: 'run',
  positionals: [],
  usage: '[--directory <id>]',
  summary: 'Run reconciliation now (every directory, or one) and print its reports',
  options: { directory: { type: 'string', short: 'd', value: 'directory id', help: 'only this directory' } },
  request: ({ values }) => {
    const directory = stringValue(values, 'directory');
    return { method: 'POST', path: directory ? `reconcile?directory=${encodeURIComponent(directory)}` : 'reconcile' };
  },
  render: (body: RunResult) => {
    const stop = describeStop(body);
    return formatReports(body.reports) + (stop ? `\n${stop}` : '');
  },
};

const reports: Command = {
  group: 'reconcile',
  action: 'reports',
  positionals: [],
  usage: '--directory <id> [--limit <n>]',
  summary: "A directory's latest reconciliation reports, newest first",
  options: {
    directory: { type: 'string', short: 'd', value: 'directory id', help: 'the directory' },
    limit: { type: 'string', value: 'n', help: 'how many, 1-100 (default 10)' },
  },
  request: ({ values }) => {
    const limit = stringValue(values, 'limit');
    const path = apiPath('directories', requiredString(values, 'directory', 'directory id'), 'reports');
    return { method: 'GET', path: limit ? `${path}?limit=${encodeURIComponent(limit)}` : path };
  },
  render: (body: { reports: Report[] }) => formatReports(body.reports),
};

export function formatReports(list: Report[]): string {
  if (list.length === 0) return 'No reports yet.';
  const rows = list.map((r) => [
    r.directoryId,
    formatTime(r.started),
    `${r.durationMs} ms`,
    counts(r.checked),
    counts(r.repaired) || 'nothing',
    counts(r.purged) || 'nothing',
    formatTime(r.lastSeen, 'never'),
    latestWindow(r.windows),
    [...r.flags, ...(r.conflicts.length ? [`${r.conflicts.length} conflicts`] : [])].join(', ') || 'ok',
  ]);
  return formatTable(['Directory', 'Started', 'Took', 'Checked', 'Repaired', 'Purged', 'Last seen', 'Requests/errors', 'Health'], rows);
}

/** The latest 40-minute window's requests and errors. */
function latestWindow(windows: Report['windows']): string {
  const w = windows?.at(-1);
  return w ? `${w.requests}/${w.errors}` : '-';
}

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

export const RECONCILE_COMMANDS: readonly Command[] = [run, reports];
