#!/usr/bin/env node
/**
 * `npm run bench` (issue #8): starts Azurite and the local host in a child process (or measures
 * a running Roster with --base/--token), grows a directory of Entra-shaped users and groups to
 * each size, runs the phases of an Entra provisioning cycle, and writes JSON, Markdown and an
 * SVG chart to bench-results/ and the latest results into docs/BENCHMARKS.md. See docs/BENCHMARKS.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BenchUsageError, parseBenchArgs, USAGE, type BenchOptions } from './bench/args';
import { remoteTarget, startLocalTarget } from './bench/bench-target';
import { measureColdStart } from './bench/cold-start';
import { measureGrowing, measureSideBySide } from './bench/measure';
import { describeMachine, loadNow } from './bench/machine';
import { renderReport, replaceResults } from './bench/render-report';
import { renderCostChart } from './bench/render-svg';
import { renderResultsTable, renderTargetsTable } from './bench/render-table';
import type { BenchResult, ColdStart, SizeResult } from './bench/result-types';
import { evaluateTargets, fmt } from './bench/targets';
import { onShutdown } from './on-shutdown';
import { findRepoRoot } from './repo-root';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const command = parseBenchArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = command.options;
  const root = findRepoRoot(__dirname);
  const started = new Date();
  const loadAtStart = loadNow();
  log(`Roster bench: sizes ${options.sizes.map((s) => s.toLocaleString('en-US')).join(', ')}; ${options.base ? `target ${options.base}` : 'starting Azurite and the local host...'}`);
  const target = options.base ? remoteTarget(options.base, options.token!) : await startLocalTarget(options.sizes.length, options.azuriteAsIs);
  const removeShutdown = onShutdown(async () => {
    log('\nStopping the bench...');
    await target.stop();
    return 130;
  });
  let coldStart: ColdStart | null = null;
  const sizes: SizeResult[] = [];
  try {
    if (options.coldStarts > 0) {
      log(`Cold start: ${options.coldStarts} fresh processes...`);
      coldStart = await measureColdStart(target, options.coldStarts);
      log(`  load modules ${fmt(coldStart.loadModulesMs ?? NaN)} ms; spawn to first answered request ${coldStart.firstResponseMs === null ? 'n/a' : `${fmt(coldStart.firstResponseMs)} ms`}`);
    }
    sizes.push(...(target.mode === 'local' ? await measureSideBySide(target, options, log) : await measureGrowing(target, options, log)));
  } finally {
    await target.stop();
    removeShutdown();
  }
  const result: BenchResult = {
    schema: 'roster-bench/1',
    startedAt: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    target: {
      mode: target.mode,
      tenantUrl: target.tenantUrl,
      ...(target.mode === 'local' ? { azurite: options.azuriteAsIs ? ('as is' as const) : ('RowKey index' as const) } : {}),
    },
    machine: describeMachine(root, loadAtStart),
    options: publicOptions(options),
    coldStart,
    sizes,
  };
  const failed = sizes.flatMap((s) => s.phases).reduce((n, p) => n + p.errors, 0);
  writeOutputs(root, options, result);
  if (failed > 0) {
    log(`\n${failed} requests failed (see errorSamples in the JSON); ${options.doc ?? 'the document'} was left as it was.`);
    return 1;
  }
  if (options.doc) writeDoc(root, options.doc, result);
  return 0;
}

function publicOptions(options: BenchOptions): Record<string, unknown> {
  const { token: _token, ...rest } = options;
  return rest;
}

function writeOutputs(root: string, options: BenchOptions, result: BenchResult): void {
  const out = resolve(root, options.out);
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify(result, null, 2) + '\n';
  const stamp = result.startedAt.replace(/[-:]/g, '').replace(/\..*$/, '');
  const svg = renderCostChart(result);
  writeFileSync(join(out, `bench-${stamp}.json`), json);
  writeFileSync(join(out, 'latest.json'), json);
  writeFileSync(join(out, 'cost-per-request.svg'), svg);
  writeFileSync(join(out, 'latest.md'), `# Roster bench results\n\n${renderReport(result, 'cost-per-request.svg')}\n`);
  log(`\n${renderResultsTable(result)}\n\n${renderTargetsTable(evaluateTargets(result))}\n`);
  log(`Wrote ${relative(root, out) || '.'}/latest.json, latest.md, cost-per-request.svg and bench-${stamp}.json`);
}

/** The results section of docs/BENCHMARKS.md (between its markers) and the chart beside it. */
function writeDoc(root: string, docPath: string, result: BenchResult): void {
  const doc = resolve(root, docPath);
  const chart = join(dirname(doc), 'benchmarks-cost-per-request.svg');
  const updated = replaceResults(readFileSync(doc, 'utf8'), renderReport(result, relative(dirname(doc), chart)));
  writeFileSync(chart, renderCostChart(result));
  writeFileSync(doc, updated);
  log(`Updated ${relative(root, doc)} and ${relative(root, chart)}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof BenchUsageError;
    process.stderr.write(`${usage ? '' : 'bench failed: '}${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
