import { describe, expect, it } from 'vitest';
import { evaluateTargets, fmt, tripsOf, type TargetCheck } from '../../../scripts/bench/targets';
import { phase, result, size } from './bench-fixture';

function find(checks: TargetCheck[], text: string): TargetCheck {
  const check = checks.find((c) => c.target.includes(text));
  if (!check) throw new Error(`no target mentions "${text}": ${checks.map((c) => c.target).join('; ')}`);
  return check;
}

describe('evaluateTargets', () => {
  const onTarget = {
    filterUserName: { trips: 2 },
    filterExternalId: { trips: 2 },
    patchUser: { trips: 2 },
    memberAdd: { trips: 4 },
    pageWalk: { trips: [3, 3, 3] },
  };

  it('meets every target when round trips are within bounds and CPU stays flat', () => {
    const checks = evaluateTargets(result([size(1000, onTarget), size(10_000, onTarget)]));
    expect(checks.filter((c) => c.status !== 'met')).toEqual([]);
    expect(find(checks, 'GET by id').measured).toBe('1 at 1,000 users; 1 at 10,000 users');
    expect(find(checks, 'adding 50 members').measured).toContain('(group of 500)');
  });

  it('fails a round-trip target at any size, naming every measurement', () => {
    const checks = evaluateTargets(result([size(1000), size(10_000, { getUser: { trips: 2 } })]));
    expect(find(checks, 'GET by id')).toEqual({ target: 'GET by id: 1 storage round trip', measured: '1 at 1,000 users; 2 at 10,000 users', status: 'not met' });
  });

  it('fails the page walk when pages cost more as startIndex grows', () => {
    const checks = evaluateTargets(result([size(1000, { pageWalk: { trips: [3, 2, 2, 2, 2, 2, 3, 4, 5, 6, 7] } })]));
    expect(find(checks, 'page walk').status).toBe('not met');
    expect(find(checks, 'page walk').measured).toBe('page 1: 3, pages 2-11: 2-7 (of 100 pages) at 1,000 users');
  });

  it('meets the page walk when only page 1 reads everything and one page meets a background write', () => {
    const checks = evaluateTargets(result([size(1000, { pageWalk: { trips: [3, 2, 2, 2, 1] } }), size(10_000, { pageWalk: { trips: [16, 2, 2, 3, 2, 2, 2, 1] } })]));
    expect(find(checks, 'page walk')).toMatchObject({
      status: 'met',
      measured: 'page 1: 3, pages 2-5: 1-2 (of 100 pages) at 1,000 users; page 1: 16, pages 2-8: 1-3 (of 100 pages) at 10,000 users',
    });
  });

  it('fails the page walk when every page rescans a directory that grew', () => {
    const checks = evaluateTargets(result([size(1000, { pageWalk: { trips: [3, 3] } }), size(10_000, { pageWalk: { trips: [21, 21] } })]));
    expect(find(checks, 'page walk').status).toBe('not met');
  });

  it('compares CPU per request from the smallest to the largest size, per phase, against 1.3×', () => {
    const checks = evaluateTargets(result([size(1000, { getUser: { cpu: 2 }, pageWalk: { cpu: 10 } }), size(10_000, { getUser: { cpu: 2.5 }, pageWalk: { cpu: 100 } })]));
    expect(find(checks, 'from 1,000 users to 10,000 users: GET /Users/{id}')).toMatchObject({ measured: '2 -> 2.50 ms (1.25×)', status: 'met' });
    expect(find(checks, 'CPU per request within 1.3× from 1,000 users to 10,000 users: GET /Users page walk')).toMatchObject({ measured: '10 -> 100 ms (10.00×)', status: 'not met' });
  });

  it('checks member-add CPU against the group sizes', () => {
    const checks = evaluateTargets(result([size(1000, { memberAdd: { cpu: 10 } }), size(10_000, { memberAdd: { cpu: 14 } })]));
    expect(find(checks, 'member-add CPU')).toMatchObject({ status: 'not met', measured: '10 ms with 500 members -> 14 ms with 500 (1.40×)' });
  });

  it('says n/a, never met, when the server was not measured or there is one size', () => {
    const remote = evaluateTargets(result([size(1000, {}, true), size(10_000, {}, true)], 'remote'));
    expect(remote.every((c) => c.status === 'n/a')).toBe(true);
    const single = evaluateTargets(result([size(1000)]));
    expect(find(single, 'member-add CPU')).toMatchObject({ status: 'n/a', measured: 'n/a (one size)' });
    expect(find(single, 'GET by id').status).toBe('met');
  });
});

describe('tripsOf', () => {
  it('prefers the probes median to the phase mean', () => {
    const p = phase('getUser');
    expect(tripsOf({ ...p, roundTrips: { median: 1, mean: 1.02 } })).toBe(1);
    expect(tripsOf({ ...p, roundTrips: { mean: 1.02 } })).toBe(1.02);
    expect(tripsOf({ ...p, roundTrips: null })).toBeUndefined();
  });
});

describe('fmt', () => {
  it.each([
    [1, '1'],
    [12345, '12,345'],
    [2.346, '2.35'],
    [12.34, '12.3'],
    [123.4, '123'],
  ])('%s -> %s', (n, text) => {
    expect(fmt(n)).toBe(text);
  });
});
