import type { BenchTarget, Sample } from './bench-target';
import { runBounded } from './bounded';
import { phaseTitle, type PhaseName, type PhaseResult, type RoundTrips } from './result-types';
import type { ScimAnswer, ScimClient } from './scim-client';
import { mean, median, round, summarizeLatencies } from './stats';

export interface PhaseRequest {
  method: string;
  path: string;
  body?: unknown;
  expect: number;
  /** Reads the answer (saves an id, checks the body); returns a problem to count as an error. */
  check?: (answer: ScimAnswer) => string | undefined;
}

export interface PhaseSpec {
  name: PhaseName;
  /** Most requests: the phase's bound, or fewer when the data it works on runs out first. */
  count: number;
  /** Most seconds the phase may spend sending requests. */
  seconds: number;
  /**
   * Every request one at a time and measured on its own: a page walk depends on the page before,
   * and Entra sends one group's member PATCHes one after another.
   */
  sequential?: boolean;
  /** How a sequential phase's per-request CPU is summed up: the median (default), or the mean (the page walk, whose first page counts everything). */
  summary?: 'median' | 'mean';
  /** The `i`th request, or undefined when there is nothing left to do. */
  request(i: number): PhaseRequest | undefined;
  details?: () => Record<string, number | string>;
}

export interface PhaseRunOptions {
  concurrency: number;
  /** Requests sent one at a time first, each bracketed by server samples. */
  probes: number;
}

/** One phase against one directory: its spec and the client holding that directory's key. */
export interface PhaseRunInput {
  client: ScimClient;
  spec: PhaseSpec;
}

const MAX_ERROR_SAMPLES = 3;
/** Requests per measured chunk of the load: enough to average, few enough for a median of several. */
const CHUNK = 50;

interface Chunk {
  n: number;
  cpuMs: number;
  roundTrips: number;
  storageCpuMs?: number;
}

/**
 * Runs the same phase against several directories (one per size), interleaved: probes one
 * request at a time, round robin, then the load in chunks of 50 requests, round robin. Whatever
 * else the machine does meanwhile then falls on every size alike, so what differs between the
 * sizes is the directory. With one input it is simply that phase. See PhaseRun for what is measured.
 */
export async function runPhases(target: BenchTarget, inputs: PhaseRunInput[], options: PhaseRunOptions): Promise<PhaseResult[]> {
  const runs = inputs.map((input) => new PhaseRun(target, input.client, input.spec, options));
  // A bound on the whole: each run also stops at its own seconds of sending.
  const wallDeadline = Date.now() + inputs.reduce((s, i) => s + i.spec.seconds, 0) * 1000 + 30_000;
  while (Date.now() < wallDeadline && runs.some((r) => r.wantsProbe())) {
    for (const run of runs) if (run.wantsProbe()) await run.probe();
  }
  while (Date.now() < wallDeadline && runs.some((r) => r.wantsLoad())) {
    for (const run of runs) if (run.wantsLoad()) await run.chunk();
  }
  return Promise.all(runs.map((r) => r.result()));
}

export async function runPhase(client: ScimClient, target: BenchTarget, spec: PhaseSpec, options: PhaseRunOptions): Promise<PhaseResult> {
  return (await runPhases(target, [{ client, spec }], options))[0]!;
}

/**
 * One phase against one directory. The probes go one at a time, each between two counter
 * samples (exact round trips and CPU per request: nothing else runs on the server meanwhile);
 * the rest goes with `concurrency` requests in flight, in chunks between two samples: requests/s
 * and latency over the load, server CPU per request as the median over the chunks (a garbage
 * collection or a burst of other work on the machine moves one chunk, not the median), round
 * trips and Azurite CPU per request as totals over the load. A sequential phase is all probes.
 * Bounded by the spec's count and by its seconds of sending.
 */
class PhaseRun {
  private readonly started = Date.now();
  private sent = 0;
  private busyMs = 0;
  private exhausted = false;
  private timedOut = false;
  private errorCount = 0;
  private readonly errors: string[] = [];
  private throttled = 0;
  private readonly probes = { ms: [] as number[], trips: [] as number[], cpu: [] as number[], storageCpu: [] as number[] };
  private readonly loadMs: number[] = [];
  private readonly chunks: Chunk[] = [];
  private loadSeconds = 0;
  private readonly probeCount: number;

  constructor(
    private readonly target: BenchTarget,
    private readonly client: ScimClient,
    private readonly spec: PhaseSpec,
    private readonly options: PhaseRunOptions,
  ) {
    this.probeCount = spec.sequential ? spec.count : Math.min(options.probes, spec.count);
  }

  private get open(): boolean {
    return !this.exhausted && !this.timedOut && this.sent < this.spec.count;
  }

  wantsProbe(): boolean {
    return this.open && this.sent < this.probeCount;
  }

  wantsLoad(): boolean {
    return this.open;
  }

  /** Milliseconds of sending left before the spec's time bound. */
  private remainingMs(): number {
    return this.spec.seconds * 1000 - this.busyMs;
  }

  async probe(): Promise<void> {
    if (this.remainingMs() <= 0) return void (this.timedOut = true);
    const before = await this.target.sample();
    const startedAt = performance.now();
    const answer = await this.exec(this.sent);
    this.busyMs += performance.now() - startedAt;
    if (this.exhausted) return;
    this.sent++;
    const after = await this.target.sample();
    if (!answer) return;
    this.probes.ms.push(answer.ms);
    if (before && after) {
      const d = deltas(before, after);
      this.probes.trips.push(d.roundTrips);
      this.probes.cpu.push(d.cpuMs);
      if (d.storageCpuMs !== undefined) this.probes.storageCpu.push(d.storageCpuMs);
    }
  }

  async chunk(): Promise<void> {
    const remaining = this.remainingMs();
    if (remaining <= 0) return void (this.timedOut = true);
    const size = Math.min(CHUNK, this.spec.count - this.sent);
    const before = await this.target.sample();
    const from = this.sent;
    const answered = this.loadMs.length;
    const startedAt = performance.now();
    const run = await runBounded({ count: size, deadline: Date.now() + remaining, concurrency: this.options.concurrency }, async (k) => {
      const answer = await this.exec(from + k);
      if (answer) this.loadMs.push(answer.ms);
    });
    const ms = performance.now() - startedAt;
    this.busyMs += ms;
    this.loadSeconds += ms / 1000;
    const after = await this.target.sample();
    this.sent += run.done;
    if (run.stoppedBy === 'time') this.timedOut = true;
    const n = this.loadMs.length - answered;
    if (before && after && n > 0) this.chunks.push({ n, ...deltas(before, after) });
  }

  private async exec(i: number): Promise<ScimAnswer | undefined> {
    const req = this.exhausted ? undefined : this.spec.request(i);
    if (!req) {
      this.exhausted = true;
      return undefined;
    }
    let answer: ScimAnswer;
    try {
      answer = await this.client.send(req.method, req.path, req.body);
    } catch (error) {
      this.fail(`${req.method} ${req.path}: ${(error as Error).message}`);
      return undefined;
    }
    this.throttled += answer.throttled;
    const problem = answer.status !== req.expect ? `expected ${req.expect}, got ${answer.status} ${answer.text.slice(0, 200)}` : req.check?.(answer);
    if (problem) this.fail(`${req.method} ${req.path.slice(0, 120)}: ${problem}`);
    return answer;
  }

  private fail(message: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_ERROR_SAMPLES) this.errors.push(message);
  }

  async result(): Promise<PhaseResult> {
    const end = await this.target.sample();
    const { probes, chunks, loadMs, spec } = this;
    const useLoad = loadMs.length > 0;
    const ours = this.target.mode === 'local';
    const loadTotal = (pick: (c: Chunk) => number | undefined): number | null => {
      const values = chunks.map(pick);
      if (!useLoad || chunks.length === 0 || values.some((v) => v === undefined)) return null;
      return (values as number[]).reduce((a, b) => a + b, 0) / chunks.reduce((n, c) => n + c.n, 0);
    };
    const summary = spec.summary === 'mean' ? mean : median;
    const cpu = useLoad ? median(chunks.map((c) => c.cpuMs / c.n)) : summary(probes.cpu);
    return {
      name: spec.name,
      title: phaseTitle(spec.name),
      requests: probes.ms.length + loadMs.length,
      errors: this.errorCount,
      errorSamples: this.errors,
      throttled: this.throttled,
      seconds: round((Date.now() - this.started) / 1000, 2),
      stoppedBy: this.exhausted ? 'data' : this.timedOut && this.sent < spec.count ? 'time' : 'count',
      requestsPerSecond: round(useLoad ? loadMs.length / this.loadSeconds : probes.ms.length / (sum(probes.ms) / 1000 || 1), 1),
      latencyMs: summarizeLatencies(useLoad ? loadMs : probes.ms),
      cpuMsPerRequest: ours ? nullableRound(cpu ?? null, 3) : null,
      ...(ours && spec.sequential ? { perRequestCpuMs: probes.cpu.map((ms) => round(ms, 2)) } : {}),
      storageCpuMsPerRequest: ours ? nullableRound(useLoad ? loadTotal((c) => c.storageCpuMs) : (mean(probes.storageCpu) ?? null), 3) : null,
      roundTrips: ours ? roundTrips(spec, probes.trips, useLoad ? loadTotal((c) => c.roundTrips) : null) : null,
      rssMiB: end ? round(end.rss / 2 ** 20, 1) : null,
      maxRssMiB: end ? round(end.maxRss / 2 ** 20, 1) : null,
      details: spec.details?.() ?? {},
    };
  }
}

function deltas(a: Sample, b: Sample): Omit<Chunk, 'n'> {
  const storage = a.storageCpuMs === undefined || b.storageCpuMs === undefined ? undefined : b.storageCpuMs - a.storageCpuMs;
  return { cpuMs: b.cpuMs - a.cpuMs, roundTrips: b.roundTrips - a.roundTrips, ...(storage === undefined ? {} : { storageCpuMs: storage }) };
}

function roundTrips(spec: PhaseSpec, probes: number[], loadMean: number | null): RoundTrips {
  const result: RoundTrips = {
    median: median(probes),
    min: probes.length ? Math.min(...probes) : undefined,
    max: probes.length ? Math.max(...probes) : undefined,
    mean: nullableRound(loadMean ?? mean(probes) ?? null, 3) ?? undefined,
  };
  if (spec.sequential) Object.assign(result, { first: probes[0], last: probes[probes.length - 1], perRequest: probes });
  return result;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function nullableRound(value: number | null, digits: number): number | null {
  return value === null || !Number.isFinite(value) ? null : round(value, digits);
}
