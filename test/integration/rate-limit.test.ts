import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  // The default cache: a management change must still apply at once on this instance.
  delete process.env.ROSTER_KEY_CACHE_SECONDS;
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function setRateLimit(directoryId: string, rateLimit: { perSecond: number; burst: number } | null): Promise<void> {
  const res = await fetch(`${h.tenantUrl.replace('/scim/v2', '')}/manage/directories/${directoryId}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ rateLimit }),
    signal: AbortSignal.timeout(20_000),
  });
  expect(res.status).toBe(200);
}

/** Sends `n` GET /Users back to back with `token`; the statuses in order. */
async function burst(token: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await h.request('GET', '/Users', { token })).status);
  return statuses;
}

describe('rate limiting', () => {
  it('answers the 4th quick request with 429, Retry-After and a SCIM error body', async () => {
    const token = await h.newDirectory('rl-limited');
    expect((await h.request('GET', '/Users', { token })).status).toBe(200); // caches the directory record
    await setRateLimit('rl-limited', { perSecond: 2, burst: 3 });

    const started = Date.now();
    const statuses = await burst(token, 3);
    const fourth = await h.request('GET', '/Users', { token });
    // 2/s refills a token every 500 ms; the four requests must have been quicker than that
    expect(Date.now() - started).toBeLessThan(500);
    expect(statuses).toEqual([200, 200, 200]);
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(fourth.headers.get('content-type')).toBe('application/scim+json');
    expect(fourth.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
    expect(fourth.body.scimType).toBeUndefined();
    expect(fourth.body.detail).toMatch(/rate limit/);
  });

  it('lets the key through again after Retry-After', async () => {
    const token = await h.newDirectory('rl-retry');
    await setRateLimit('rl-retry', { perSecond: 2, burst: 3 });
    await burst(token, 3);
    const refused = await h.request('GET', '/Users', { token });
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, wait * 1000));
    expect((await h.request('GET', '/Users', { token })).status).toBe(200);
  });

  it('does not apply a throttled write', async () => {
    const token = await h.newDirectory('rl-writes');
    await setRateLimit('rl-writes', { perSecond: 2, burst: 3 });
    await burst(token, 3);
    const write = await h.request('POST', '/Users', { token, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'throttled@contoso.example' } });
    expect(write.status).toBe(429);
    await new Promise((r) => setTimeout(r, 1000));
    const list = await h.request('GET', '/Users', { token });
    expect(list.status).toBe(200);
    expect(list.body.totalResults).toBe(0);
  });

  it('does not affect a key of another directory with the same limit', async () => {
    const [a, b] = [await h.newDirectory('rl-iso-a'), await h.newDirectory('rl-iso-b')];
    await setRateLimit('rl-iso-a', { perSecond: 2, burst: 3 });
    await setRateLimit('rl-iso-b', { perSecond: 2, burst: 3 });
    expect(await burst(a, 4)).toEqual([200, 200, 200, 429]);
    expect(await burst(b, 3)).toEqual([200, 200, 200]);
  });

  it("does not affect another directory's key under the default limit", async () => {
    const limited = await h.newDirectory('rl-noisy');
    await setRateLimit('rl-noisy', { perSecond: 2, burst: 3 });
    expect((await burst(limited, 4))[3]).toBe(429);
    expect(await burst(h.token, 10)).toEqual(Array(10).fill(200));
  });

  it('lifts the limit at once when it is cleared', async () => {
    const token = await h.newDirectory('rl-cleared');
    await setRateLimit('rl-cleared', { perSecond: 2, burst: 3 });
    expect((await burst(token, 4))[3]).toBe(429);
    await setRateLimit('rl-cleared', null);
    expect(await burst(token, 10)).toEqual(Array(10).fill(200));
  });
});
