import { randomBytes } from 'node:crypto';
import type { BenchOptions } from './args';
import type { BenchTarget } from './bench-target';
import { newBenchState, type BenchState } from './bench-state';
import { phases } from './phases';
import { tripsCell } from './render-table';
import type { PhaseResult, SizeResult } from './result-types';
import { runPhase, runPhases, type PhaseRunOptions } from './run-phase';
import { ScimClient } from './scim-client';
import { deleteSeeded, growDirectory, type SeedReport } from './seed';
import { fmt } from './targets';

type Log = (line: string) => void;

interface Directory {
  size: number;
  client: ScimClient;
  state: BenchState;
  seed?: SeedReport;
}

/**
 * The bench's own Roster: one directory per size, each seeded to its size, then every phase run
 * against all of them interleaved (runPhases), so that the sizes are compared under the same
 * conditions rather than minutes apart.
 */
export async function measureSideBySide(target: BenchTarget, options: BenchOptions, log: Log): Promise<SizeResult[]> {
  const tag = `b${randomBytes(3).toString('hex')}`;
  const dirs: Directory[] = options.sizes.map((size, i) => ({
    size,
    client: new ScimClient(target.tenantUrl, target.tokens[i]!, Math.max(options.concurrency, options.seedConcurrency)),
    state: newBenchState(`${tag}d${i + 1}`),
  }));
  try {
    for (const dir of dirs) {
      log(`\nDirectory ${dirs.indexOf(dir) + 1}: seeding ${dir.size.toLocaleString('en-US')} users...`);
      dir.seed = await growDirectory(dir.client, dir.state, { size: dir.size, groups: options.groups, concurrency: options.seedConcurrency, log });
      log(`  seeded in ${dir.seed.seconds} s`);
    }
    if (options.warmup > 0) await warmUp(target, dirs[0]!, options, log);
    log(`\nPhases, the ${dirs.length > 1 ? 'sizes interleaved' : 'one size'}:`);
    const lists = dirs.map((d) => phases(d.state, options));
    const results: PhaseResult[][] = dirs.map(() => []);
    for (let p = 0; p < lists[0]!.length; p++) {
      const done = await runPhases(target, dirs.map((d, i) => ({ client: d.client, spec: lists[i]![p]! })), runOptions(options));
      done.forEach((result, i) => {
        results[i]!.push(result);
        log(phaseLine(result, dirs[i]!.size));
      });
    }
    return dirs.map((d, i) => sizeResult(d.size, d.state, d.seed!, results[i]!));
  } finally {
    for (const dir of dirs) dir.client.close();
  }
}

/**
 * A running Roster (--base): one key, so one directory, grown from size to size and measured at
 * each; --cleanup deletes what the bench made.
 */
export async function measureGrowing(target: BenchTarget, options: BenchOptions, log: Log): Promise<SizeResult[]> {
  const dir: Directory = {
    size: 0,
    client: new ScimClient(target.tenantUrl, target.tokens[0]!, Math.max(options.concurrency, options.seedConcurrency)),
    state: newBenchState(`b${randomBytes(3).toString('hex')}`),
  };
  const sizes: SizeResult[] = [];
  try {
    for (const size of options.sizes) {
      log(`\nDirectory of ${size.toLocaleString('en-US')} users: seeding...`);
      const seed = await growDirectory(dir.client, dir.state, { size, groups: options.groups, concurrency: options.seedConcurrency, log });
      log(`  seeded in ${seed.seconds} s`);
      if (size === options.sizes[0] && options.warmup > 0) await warmUp(target, dir, options, log);
      const results: PhaseResult[] = [];
      for (const spec of phases(dir.state, options)) {
        const result = await runPhase(dir.client, target, spec, runOptions(options));
        results.push(result);
        log(phaseLine(result, size));
      }
      sizes.push(sizeResult(size, dir.state, seed, results));
    }
    if (options.cleanup) {
      log('\nDeleting what the bench created...');
      await deleteSeeded(dir.client, dir.state, options.seedConcurrency, log);
    }
    return sizes;
  } finally {
    dir.client.close();
  }
}

/**
 * One unmeasured pass over every phase, so that no size is measured on a server whose code paths
 * are still being compiled. Leaves the directory as it found it: what the create pass makes the
 * delete pass removes, what members it adds it removes.
 */
async function warmUp(target: BenchTarget, dir: Directory, options: BenchOptions, log: Log): Promise<void> {
  log(`  warming up: ${options.warmup} requests per phase, not measured`);
  const limits = { ...options, requests: options.warmup, walkSeconds: Math.min(options.walkSeconds, 5) };
  for (const spec of phases(dir.state, limits)) {
    const result = await runPhase(dir.client, target, spec, { concurrency: options.concurrency, probes: 0 });
    if (result.errors > 0) log(`  warm-up ${result.title}: ${result.errors} failed: ${result.errorSamples[0] ?? ''}`);
  }
}

function runOptions(options: BenchOptions): PhaseRunOptions {
  return { concurrency: options.concurrency, probes: options.probes };
}

function sizeResult(users: number, state: BenchState, seed: SeedReport, phases: PhaseResult[]): SizeResult {
  return { users, groups: state.groups.length, largeGroupMembers: state.largeGroupMembers, seed, phases };
}

export function phaseLine(p: PhaseResult, size: number): string {
  const latency = p.latencyMs ? `p50 ${fmt(p.latencyMs.p50)} ms, p99 ${fmt(p.latencyMs.p99)} ms` : 'no latency';
  const cpu = p.cpuMsPerRequest === null ? '' : `, CPU ${fmt(p.cpuMsPerRequest)} ms/req`;
  const trips = p.roundTrips ? `, round trips ${tripsCell(p.roundTrips, p.name)}` : '';
  const bound = p.stoppedBy === 'time' ? ' (time bound)' : '';
  const errors = p.errors ? `, ${p.errors} FAILED: ${p.errorSamples[0] ?? ''}` : '';
  return `  [${size.toLocaleString('en-US')}] ${p.title}: ${p.requests} req in ${p.seconds} s${bound}, ${fmt(p.requestsPerSecond)} req/s, ${latency}${cpu}${trips}${errors}`;
}
