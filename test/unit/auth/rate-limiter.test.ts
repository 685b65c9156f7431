import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateLimit } from '../../../shared/auth/rate-limiter';
import { ScimError } from '../../../shared/scim/errors';

const T0 = Date.parse('2030-01-01T00:00:00Z');

function setup() {
  const clock = { now: T0 };
  const limiter = new RateLimiter(() => clock.now);
  return { clock, limiter };
}

/** Takes `n` requests at the current instant; returns how many were allowed. */
function allowed(limiter: RateLimiter, key: string, limit: RateLimit, n: number): number {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    try {
      limiter.take(key, limit);
      ok++;
    } catch (e) {
      if (!(e instanceof ScimError) || e.status !== 429) throw e;
    }
  }
  return ok;
}

function refusal(limiter: RateLimiter, key: string, limit: RateLimit): ScimError {
  try {
    limiter.take(key, limit);
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error('expected the request to be refused');
}

describe('RateLimiter', () => {
  const limit: RateLimit = { perSecond: 2, burst: 3 };

  it('allows a burst of `burst` requests at once, then refuses', () => {
    const { limiter } = setup();
    expect(allowed(limiter, 'k', limit, 10)).toBe(3);
  });

  it('refuses with 429, a Retry-After header and a SCIM error body', () => {
    const { limiter } = setup();
    allowed(limiter, 'k', limit, 3);
    const e = refusal(limiter, 'k', limit);
    expect(e.status).toBe(429);
    expect(e.scimType).toBeUndefined();
    expect(e.headers['Retry-After']).toBe('1');
    expect(e.toBody()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
    expect(e.detail).toMatch(/rate limit/);
  });

  it('refills at perSecond: one more request every 1/perSecond seconds', () => {
    const { clock, limiter } = setup();
    allowed(limiter, 'k', limit, 3);
    clock.now += 499;
    expect(allowed(limiter, 'k', limit, 1)).toBe(0);
    clock.now += 1;
    expect(allowed(limiter, 'k', limit, 5)).toBe(1);
    clock.now += 1000;
    expect(allowed(limiter, 'k', limit, 5)).toBe(2);
  });

  it('caps the bucket at burst however long the key was idle', () => {
    const { clock, limiter } = setup();
    allowed(limiter, 'k', limit, 3);
    clock.now += 24 * 3600 * 1000;
    expect(allowed(limiter, 'k', limit, 100)).toBe(3);
  });

  it('does not charge refused requests', () => {
    const { clock, limiter } = setup();
    allowed(limiter, 'k', limit, 3);
    expect(allowed(limiter, 'k', limit, 50)).toBe(0);
    clock.now += 500;
    expect(allowed(limiter, 'k', limit, 1)).toBe(1);
  });

  it('keeps a bucket per key', () => {
    const { limiter } = setup();
    expect(allowed(limiter, 'a', limit, 5)).toBe(3);
    expect(allowed(limiter, 'b', limit, 5)).toBe(3);
    expect(allowed(limiter, 'a', limit, 1)).toBe(0);
  });

  it('holds a sustained rate of perSecond over time', () => {
    const { clock, limiter } = setup();
    let ok = allowed(limiter, 'k', limit, 3);
    for (let i = 0; i < 100; i++) {
      clock.now += 100;
      ok += allowed(limiter, 'k', limit, 1);
    }
    // 3 at once, then 10 s at 2/s
    expect(ok).toBe(3 + 20);
  });

  it.each([
    [{ perSecond: 2, burst: 1 }, 1],
    [{ perSecond: 1, burst: 1 }, 1],
    [{ perSecond: 0.5, burst: 1 }, 2],
    [{ perSecond: 0.2, burst: 2 }, 5],
    [{ perSecond: 1000, burst: 1 }, 1],
  ])('answers Retry-After for %o with %i s', (l, seconds) => {
    const { limiter } = setup();
    allowed(limiter, 'k', l, l.burst);
    expect(refusal(limiter, 'k', l).headers['Retry-After']).toBe(String(seconds));
  });

  it('counts a partly refilled bucket in Retry-After', () => {
    const { clock, limiter } = setup();
    const slow = { perSecond: 0.25, burst: 1 };
    allowed(limiter, 'k', slow, 1);
    clock.now += 2000; // half a token back: 2 s to go
    expect(refusal(limiter, 'k', slow).headers['Retry-After']).toBe('2');
  });

  it('admits the request after waiting the Retry-After it answered', () => {
    const { clock, limiter } = setup();
    const slow = { perSecond: 0.2, burst: 1 };
    allowed(limiter, 'k', slow, 1);
    const wait = Number(refusal(limiter, 'k', slow).headers['Retry-After']);
    clock.now += wait * 1000;
    expect(allowed(limiter, 'k', slow, 1)).toBe(1);
  });

  it('applies a lowered burst to an existing bucket at once', () => {
    const { limiter } = setup();
    allowed(limiter, 'k', { perSecond: 2, burst: 100 }, 1);
    expect(allowed(limiter, 'k', { perSecond: 2, burst: 2 }, 10)).toBe(2);
  });
});
