import { ScimError } from '../scim/errors';

export interface RateLimit {
  perSecond: number;
  burst: number;
}

const MAX_BUCKETS = 10_000;


/**
 * A token bucket per key (DESIGN.md §2: rate-limit after authentication). Buckets live in this
 * instance's memory, so the limit holds per instance: N scaled-out instances allow N times it.
 * Over the limit: 429 with Retry-After, which pauses Entra's job instead of failing it.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, limit: RateLimit): void {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.remember(key, bucket);
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
      throw ScimError.tooManyRequests(`rate limit of ${limit.perSecond} requests/s per key exceeded; retry after ${wait} s`, wait);
    }
    bucket.tokens -= 1;
    this.remember(key, bucket);
  }

  private remember(key: string, bucket: { tokens: number; at: number }): void {
    if (!this.buckets.has(key) && this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    this.buckets.set(key, bucket);
  }
}
