import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASES, type BenchResult } from '../../scripts/bench/result-types';

/**
 * `npm run bench` end to end, tiny: the compiled dist/scripts/bench.js in plain Node starts its
 * own Azurite and local host in a child process, seeds 50 users, runs every phase with small
 * bounds, and writes its JSON, Markdown and SVG to a temporary directory (never to docs/).
 */
const root = resolve(__dirname, '../..');
const benchJs = join(root, 'dist/scripts/bench.js');

let out: string;
let exit: { code: number | null; output: string };
let result: BenchResult;

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [benchJs, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGINT'), 50_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

beforeAll(async () => {
  if (!existsSync(benchJs)) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
  out = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  exit = await runBench([
    ...['--sizes', '50', '--groups', '3', '--requests', '12', '--seconds', '5', '--probes', '3'],
    ...['--member-batch', '5', '--member-batches', '2', '--page-size', '10', '--walk-seconds', '5'],
    ...['--warmup', '3', '--cold-starts', '1', '--out', out, '--no-doc'],
  ]);
  if (existsSync(join(out, 'latest.json'))) result = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));
}, 60_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('npm run bench (tiny, against a bench-started Roster)', () => {
  it('finishes with exit code 0 and prints a line per phase', () => {
    expect(exit.code, exit.output).toBe(0);
    for (const { title } of PHASES) expect(exit.output).toContain(`  [50] ${title}: `);
  });

  it('writes every phase with numbers: requests/s, latency percentiles, CPU, round trips, RSS', () => {
    expect(result.schema).toBe('roster-bench/1');
    expect(result.target.mode).toBe('local');
    expect(result.sizes.map((s) => s.users)).toEqual([50]);
    const phases = result.sizes[0]!.phases;
    expect(phases.map((p) => p.name)).toEqual(PHASES.map((p) => p.name));
    for (const p of phases) {
      expect(p.errors, `${p.name}: ${p.errorSamples.join('; ')}`).toBe(0);
      expect(p.requests, p.name).toBeGreaterThan(0);
      expect(p.requestsPerSecond, p.name).toBeGreaterThan(0);
      expect(p.latencyMs!.p50, p.name).toBeGreaterThan(0);
      expect(p.latencyMs!.p99, p.name).toBeGreaterThanOrEqual(p.latencyMs!.p95);
      expect(p.latencyMs!.p95, p.name).toBeGreaterThanOrEqual(p.latencyMs!.p50);
      expect(p.cpuMsPerRequest, p.name).toBeGreaterThan(0);
      expect(p.roundTrips?.median, p.name).toBeGreaterThanOrEqual(1);
      expect(p.rssMiB, p.name).toBeGreaterThan(10);
    }
  });

  it('measures the round trips of the targets already met: GET by id 1, create 1, excludedAttributes=members 1', () => {
    const trips = Object.fromEntries(result.sizes[0]!.phases.map((p) => [p.name, p.roundTrips]));
    expect(trips.getUser).toMatchObject({ median: 1, min: 1, max: 1 });
    expect(trips.createUser).toMatchObject({ median: 1, min: 1, max: 1 });
    expect(trips.getGroupNoMembers).toMatchObject({ median: 1, min: 1, max: 1 });
  });

  it('walks every page and runs the member phases on the large group', () => {
    const phase = (name: string) => result.sizes[0]!.phases.find((p) => p.name === name)!;
    expect(phase('pageWalk').details).toMatchObject({ complete: 'yes' });
    expect(phase('pageWalk').roundTrips!.perRequest).toHaveLength(phase('pageWalk').requests);
    expect(phase('memberAdd')).toMatchObject({ requests: 2, details: { groupMembers: 25, membersPerRequest: 5 } });
    expect(phase('memberRemove').requests).toBe(2);
    expect(phase('deleteUser').requests).toBe(phase('createUser').requests);
  });

  it('times the cold start: modules loaded and the first request answered in a fresh process', () => {
    expect(result.coldStart!.loadModulesMs).toBeGreaterThan(0);
    expect(result.coldStart!.firstResponseMs).toBeGreaterThan(result.coldStart!.loadModulesMs!);
    expect(result.coldStart!.modules.map((m) => m.file)).toContain('users.js');
  });

  it('writes the Markdown table and the SVG chart next to the JSON', () => {
    const md = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(md).toContain('| Phase | Users | Requests | req/s |');
    expect(md).toContain('| GET by id: 1 storage round trip | 1 at 50 users | ✅ met |');
    expect(readFileSync(join(out, 'cost-per-request.svg'), 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
  });
});
