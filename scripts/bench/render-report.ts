import type { BenchResult } from './result-types';
import { renderColdStartTable, renderResultsTable, renderTargetsTable } from './render-table';
import { evaluateTargets, users } from './targets';

export const BEGIN_MARKER = '<!-- bench:results:begin -->';
export const END_MARKER = '<!-- bench:results:end -->';

/**
 * The Markdown report of one run: the machine and options, the results table, the chart (at
 * `chartHref`), the cold start and every target met or not. docs/BENCHMARKS.md holds the latest
 * between its markers; bench-results/latest.md holds it alone.
 */
export function renderReport(result: BenchResult, chartHref: string): string {
  const m = result.machine;
  const code = m.commit ? `commit \`${m.commit}\`${m.dirty ? ' plus uncommitted changes in the working tree' : ''}` : 'an unknown commit';
  const target =
    result.target.mode === 'local'
      ? `the bench's own Roster (local host + Azurite ${m.azurite ?? '?'} in memory${result.target.azurite === 'as is' ? ', as is' : ', with the RowKey index of scripts/bench/azurite-index.ts'}, in a child process)`
      : `${result.target.tenantUrl} (server CPU, RSS and round trips n/a)`;
  const o = result.options;
  return [
    `Run of ${result.startedAt.replace('T', ' ').slice(0, 16)} UTC, ${Math.round(result.seconds / 6) / 10} minutes, against ${target}; ${code}.`,
    '',
    `Machine: ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; 1-minute load average ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end.`,
    `Options: sizes ${result.sizes.map((s) => s.users.toLocaleString('en-US')).join(', ')}; ${o.concurrency} requests in flight; ` +
      `at most ${o.requests} requests or ${o.seconds} s per phase (page walk: ${o.walkSeconds} s); ${o.probes} probes; ` +
      `members ${o.memberBatch} per PATCH, at most ${o.memberBatches} PATCHes.`,
    '',
    renderResultsTable(result),
    '',
    '⏱ the phase stopped at its time bound. Round trips/req: the median of the probes (requests sent one at a time), ' +
      'with their range when it varies; for the page walk, page 1 (which counts every user for totalResults), then the range of the other pages.',
    '',
    ...sizeNotes(result),
    '',
    `![Cost per request against directory size](${chartHref})`,
    '',
    renderColdStartTable(result.coldStart),
    '',
    renderTargetsTable(evaluateTargets(result)),
  ].join('\n');
}

function sizeNotes(result: BenchResult): string[] {
  return result.sizes.map((s) => {
    const walk = s.phases.find((p) => p.name === 'pageWalk')?.details ?? {};
    const failed = s.phases.filter((p) => p.errors > 0).map((p) => `${p.title}: ${p.errors} failed (${p.errorSamples[0] ?? ''})`);
    return (
      `- ${users(s.users)}: seeded ${s.seed.users.toLocaleString('en-US')} users, ${s.seed.groups} groups and ` +
      `${s.seed.members.toLocaleString('en-US')} large-group members in ${s.seed.seconds} s; the large group held ` +
      `${s.largeGroupMembers.toLocaleString('en-US')} members; the page walk read ${walk.pages ?? '?'} of ${walk.pagesInDirectory ?? '?'} pages` +
      `${walk.complete === 'yes' ? '' : ' (time bound)'}.` +
      (failed.length ? ` Failures: ${failed.join('; ')}.` : '')
    );
  });
}

/** `doc` with the text between its markers replaced by `report`; throws when the markers are missing. */
export function replaceResults(doc: string, report: string): string {
  const begin = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`the document has no ${BEGIN_MARKER} ... ${END_MARKER} section to replace`);
  return `${doc.slice(0, begin + BEGIN_MARKER.length)}\n${report}\n${doc.slice(end)}`;
}
