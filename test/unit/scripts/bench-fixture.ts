import type { BenchResult, PhaseName, PhaseResult, RoundTrips, SizeResult } from '../../../scripts/bench/result-types';
import { PHASES } from '../../../scripts/bench/result-types';

/** Round trips and CPU per phase at one size, for building results by hand. */
export type Costs = Partial<Record<PhaseName, { trips?: number | number[]; cpu?: number | null }>>;

export function phase(name: PhaseName, cost: Costs[PhaseName] = {}, remote = false): PhaseResult {
  const trips = cost.trips ?? 1;
  const roundTrips: RoundTrips = Array.isArray(trips)
    ? { median: trips[0], min: Math.min(...trips), max: Math.max(...trips), mean: trips.reduce((a, b) => a + b, 0) / trips.length, first: trips[0], last: trips[trips.length - 1], perRequest: trips }
    : { median: trips, min: trips, max: trips, mean: trips };
  return {
    name,
    title: PHASES.find((p) => p.name === name)!.title,
    requests: 100,
    errors: 0,
    errorSamples: [],
    throttled: 0,
    seconds: 1,
    stoppedBy: name === 'pageWalk' ? 'time' : 'count',
    requestsPerSecond: 123.4,
    latencyMs: { p50: 4.2, p95: 9.87, p99: 15, mean: 5, max: 20 },
    cpuMsPerRequest: remote ? null : cost.cpu === undefined ? 2 : cost.cpu,
    storageCpuMsPerRequest: remote ? null : 1.5,
    roundTrips: remote ? null : roundTrips,
    rssMiB: remote ? null : 120.5,
    maxRssMiB: remote ? null : 130,
    details: name === 'pageWalk' ? { pages: Array.isArray(trips) ? trips.length : 1, pagesInDirectory: 100, complete: 'no' } : name === 'memberAdd' ? { groupMembers: 500 } : {},
  };
}

export function size(users: number, costs: Costs = {}, remote = false): SizeResult {
  return {
    users,
    groups: 20,
    largeGroupMembers: users / 2,
    seed: { users, groups: 20, members: users / 2, seconds: 12.3 },
    phases: PHASES.map(({ name }) => phase(name, costs[name], remote)),
  };
}

export function result(sizes: SizeResult[], mode: 'local' | 'remote' = 'local'): BenchResult {
  return {
    schema: 'roster-bench/1',
    startedAt: '2026-01-02T03:04:05.000Z',
    seconds: 321,
    target: { mode, tenantUrl: 'http://127.0.0.1:1234/api/scim/v2' },
    machine: { cpu: 'Test CPU <x86>', cores: 2, memoryGiB: 8, os: 'Linux 6', node: 'v20.0.0', azurite: '3.35.0', commit: 'abc123', dirty: false, loadAverage: { start: 0.5, end: 1.5 } },
    options: { concurrency: 4, requests: 200, seconds: 10, walkSeconds: 45, probes: 5, memberBatch: 50, memberBatches: 10 },
    coldStart: { runs: 3, nodeStartMs: 40, loadModulesMs: 400.4, firstResponseMs: 700, firstRequestMs: 150, modules: [] },
    sizes,
  };
}
