import { PHASES, type BenchResult, type ColdStart, type PhaseName, type PhaseResult, type RoundTrips } from './result-types';
import { fmt, type TargetCheck } from './targets';

const NA = 'n/a';

/**
 * The results as one Markdown table, a row per phase and size, sizes of a phase side by side so
 * growth is visible.
 */
export function renderResultsTable(result: BenchResult): string {
  const header = ['Phase', 'Users', 'Requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'Server CPU ms/req', 'Round trips/req', 'Azurite CPU ms/req', 'Server RSS MiB'];
  const rows: string[][] = [];
  for (const { name } of PHASES) {
    for (const size of result.sizes) {
      const p = size.phases.find((phase) => phase.name === name);
      if (p) rows.push(phaseRow(p, size.users));
    }
  }
  return markdownTable(header, rows, [false, true, true, true, true, true, true, true, true, true, true]);
}

function phaseRow(p: PhaseResult, users: number): string[] {
  const requests = `${p.requests.toLocaleString('en-US')}${p.errors ? ` (${p.errors} failed)` : ''}${p.stoppedBy === 'time' ? ' ⏱' : ''}`;
  return [
    escapeCell(p.title),
    users.toLocaleString('en-US'),
    requests,
    p.requests ? fmt(p.requestsPerSecond) : NA,
    ms(p.latencyMs?.p50),
    ms(p.latencyMs?.p95),
    ms(p.latencyMs?.p99),
    p.cpuMsPerRequest === null ? NA : fmt(p.cpuMsPerRequest),
    tripsCell(p.roundTrips, p.name),
    p.storageCpuMsPerRequest === null ? NA : fmt(p.storageCpuMsPerRequest),
    p.rssMiB === null ? NA : fmt(p.rssMiB),
  ];
}

/**
 * Round trips per request: the probes' median, with their range when it varies; for the page
 * walk, page 1 (which counts every match for totalResults) and then the range of the others.
 */
export function tripsCell(trips: RoundTrips | null, phase?: PhaseName): string {
  if (!trips) return NA;
  const pages = trips.perRequest;
  if (phase === 'pageWalk' && pages && pages.length > 0) {
    const later = pages.slice(1);
    if (later.every((t) => t === pages[0])) return `${fmt(pages[0]!)} every page`;
    return `${fmt(pages[0]!)} (page 1), then ${range(later)}`;
  }
  if (trips.median === undefined) return trips.mean === undefined ? NA : fmt(trips.mean);
  return trips.min !== trips.max ? `${fmt(trips.median)} (${fmt(trips.min!)}-${fmt(trips.max!)})` : fmt(trips.median);
}

function range(values: number[]): string {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? fmt(lo) : `${fmt(lo)}-${fmt(hi)}`;
}

function ms(value: number | undefined): string {
  return value === undefined ? NA : fmt(value);
}

export function renderColdStartTable(cold: ColdStart | null): string {
  if (!cold) return '_Cold start not measured (--cold-starts 0)._';
  const row = (what: string, value: number | null) => [what, value === null ? NA : `${fmt(value)} ms`];
  return markdownTable(
    ['Cold start (median of ' + cold.runs + ' fresh processes)', 'Time'],
    [
      row('Node start (spawn to the first line of the script)', cold.nodeStartMs),
      row('Load every function module (package.json "main")', cold.loadModulesMs),
      row('First request alone (settings, table client, key lookup)', cold.firstRequestMs),
      row('Spawn to the first answered request (Test Connection)', cold.firstResponseMs),
    ],
    [false, true],
  );
}

export function renderTargetsTable(checks: TargetCheck[]): string {
  const mark = { met: '✅ met', 'not met': '❌ not met', 'n/a': 'n/a' } as const;
  return markdownTable(
    ['Target', 'Measured', 'Status'],
    checks.map((c) => [escapeCell(c.target), escapeCell(c.measured), mark[c.status]]),
    [false, false, false],
  );
}

export function markdownTable(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const rule = header.map((_, i) => (rightAligned[i] ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
