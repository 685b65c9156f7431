import { describe, expect, it } from 'vitest';
import type { BenchTarget, Sample } from '../../../scripts/bench/bench-target';
import { runPhase, runPhases, type PhaseSpec } from '../../../scripts/bench/run-phase';
import type { ScimAnswer, ScimClient } from '../../../scripts/bench/scim-client';

/** A server whose counters move only when the fake client sends: `trips` round trips and `cpu` ms a request. */
function fakeServer(cost: (path: string) => { trips: number; cpu: number; status?: number }) {
  const counters: Sample = { cpuMs: 0, rss: 100 * 2 ** 20, maxRss: 120 * 2 ** 20, roundTrips: 0 };
  const sent: string[] = [];
  const target: BenchTarget = { mode: 'local', tenantUrl: 'http://x', tokens: ['t'], sample: async () => ({ ...counters }), stop: async () => undefined };
  const client = {
    send: async (method: string, path: string): Promise<ScimAnswer> => {
      sent.push(path);
      const c = cost(path);
      counters.roundTrips += c.trips;
      counters.cpuMs += c.cpu;
      await new Promise((r) => setTimeout(r, 1));
      return { status: c.status ?? 200, ms: 2, text: '{}', headers: {}, throttled: 0 };
    },
  } as unknown as ScimClient;
  return { target, client, sent };
}

function spec(name: PhaseSpec['name'], prefix: string, count: number, extra: Partial<PhaseSpec> = {}): PhaseSpec {
  return { name, count, seconds: 30, request: (i) => ({ method: 'GET', path: `/${prefix}/${i}`, expect: 200 }), ...extra };
}

describe('runPhase', () => {
  it('counts round trips and CPU per request exactly, in the probes and over the load', async () => {
    const { target, client } = fakeServer(() => ({ trips: 2, cpu: 3 }));
    const result = await runPhase(client, target, spec('getUser', 'u', 120), { concurrency: 4, probes: 5 });
    expect(result).toMatchObject({ requests: 120, errors: 0, stoppedBy: 'count', cpuMsPerRequest: 3, rssMiB: 100, maxRssMiB: 120 });
    expect(result.roundTrips).toMatchObject({ median: 2, min: 2, max: 2, mean: 2 });
    expect(result.latencyMs?.p50).toBe(2);
  });

  it('stops when the data runs out, and counts unexpected answers as errors with a sample', async () => {
    const { target, client } = fakeServer((path) => ({ trips: 1, cpu: 1, status: path.endsWith('/1') ? 404 : 200 }));
    const result = await runPhase(client, target, spec('deleteUser', 'd', 10, { request: (i) => (i < 3 ? { method: 'DELETE', path: `/d/${i}`, expect: 200 } : undefined) }), { concurrency: 2, probes: 1 });
    expect(result).toMatchObject({ requests: 3, errors: 1, stoppedBy: 'data' });
    expect(result.errorSamples[0]).toMatch(/^DELETE \/d\/1: expected 200, got 404/);
  });

  it('measures every request of a sequential phase on its own, keeping each page of a walk', async () => {
    const { target, client } = fakeServer((path) => ({ trips: path.endsWith('/0') ? 16 : 2, cpu: path.endsWith('/0') ? 30 : 10 }));
    const result = await runPhase(client, target, spec('pageWalk', 'p', 4, { sequential: true, summary: 'mean' }), { concurrency: 4, probes: 1 });
    expect(result.roundTrips).toMatchObject({ first: 16, last: 2, perRequest: [16, 2, 2, 2], median: 2 });
    expect(result.cpuMsPerRequest).toBe(15);
    expect(result.perRequestCpuMs).toEqual([30, 10, 10, 10]);
  });

  it('reports no server numbers for a server that is not ours', async () => {
    const { client } = fakeServer(() => ({ trips: 1, cpu: 1 }));
    const remote: BenchTarget = { mode: 'remote', tenantUrl: 'http://x', tokens: ['t'], sample: async () => undefined, stop: async () => undefined };
    const result = await runPhase(client, remote, spec('getUser', 'u', 10), { concurrency: 2, probes: 2 });
    expect(result).toMatchObject({ requests: 10, cpuMsPerRequest: null, roundTrips: null, rssMiB: null, storageCpuMsPerRequest: null });
  });
});

describe('runPhases', () => {
  it('interleaves the sizes: probes one request each in turn, then the load a chunk each in turn', async () => {
    const { target, client, sent } = fakeServer(() => ({ trips: 1, cpu: 1 }));
    const results = await runPhases(target, [{ client, spec: spec('getUser', 'a', 102) }, { client, spec: spec('getUser', 'b', 102) }], { concurrency: 1, probes: 2 });
    expect(sent.slice(0, 4)).toEqual(['/a/0', '/b/0', '/a/1', '/b/1']);
    expect(sent.slice(4, 54).every((p) => p.startsWith('/a/'))).toBe(true);
    expect(sent.slice(54, 104).every((p) => p.startsWith('/b/'))).toBe(true);
    expect(sent).toHaveLength(204);
    expect(results.map((r) => r.requests)).toEqual([102, 102]);
  });
});
