import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import { pagingCache } from '../../shared/scim/service/paging-cache';
import { storageMetrics } from '../../shared/store/table-client';
import { startHarness, type Harness, type ScimReply } from '../support/harness';
import { USER } from '../support/scim-wire';

/**
 * Issue #7 paging: startIndex/count and RFC 9865 cursors over a directory of 2,500 users. After
 * the first page (which counts every match), every page costs a bounded number of storage round
 * trips wherever it starts, and totalResults stays exact.
 */
const DIRECTORY = 'paging';
const USERS = 2_500;
const PAGE = 100;

let h: Harness;
let token: string;
const seeded: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  token = await h.newDirectory(DIRECTORY);
  const service = h.services.resources(USER_RESOURCE_TYPE, DIRECTORY);
  for (let i = 0; i < USERS; i += 100) {
    const batch = Array.from({ length: Math.min(100, USERS - i) }, (_, j) =>
      service.create({ schemas: [USER], userName: `walker-${i + j}@paging.example`, title: (i + j) % 5 === 0 ? 'fifth' : 'walker' }),
    );
    seeded.push(...(await Promise.all(batch)).map((u) => u.id));
  }
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

function get(path: string): Promise<ScimReply> {
  return h.request('GET', path, { token });
}

async function withRoundTrips(fn: () => Promise<ScimReply>): Promise<{ reply: ScimReply; trips: number }> {
  const before = storageMetrics.roundTrips;
  const reply = await fn();
  return { reply, trips: storageMetrics.roundTrips - before };
}

const ids = (reply: ScimReply): string[] => reply.body.Resources.map((r: { id: string }) => r.id);

describe('index paging (startIndex and count)', () => {
  it('walks every user exactly once, each page after the first in a bounded number of round trips', async () => {
    const seen: string[] = [];
    const costs: number[] = [];
    for (let start = 1; start <= USERS; start += PAGE) {
      const { reply, trips } = await withRoundTrips(() => get(`/Users?startIndex=${start}&count=${PAGE}`));
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body).toMatchObject({ totalResults: USERS, startIndex: start, itemsPerPage: Math.min(PAGE, USERS - start + 1) });
      expect(reply.body.Resources).toHaveLength(reply.body.itemsPerPage);
      seen.push(...ids(reply));
      if (start > 1) costs.push(trips);
    }
    expect(new Set(seen).size).toBe(USERS);
    expect([...seen].sort()).toEqual([...seeded].sort());
    expect(Math.max(...costs)).toBeLessThanOrEqual(3);
  });

  it('jumps straight to a deep page of a filtered walk at the cost of one page', async () => {
    const first = await get(`/Users?filter=${encodeURIComponent('title eq "walker"')}&count=50`);
    expect(first.body.totalResults).toBe(USERS * 0.8);
    const { reply, trips } = await withRoundTrips(() => get(`/Users?filter=${encodeURIComponent('title eq "walker"')}&startIndex=1901&count=50`));
    expect(reply.body).toMatchObject({ totalResults: 2000, startIndex: 1901, itemsPerPage: 50 });
    expect(trips).toBeLessThanOrEqual(3);
  });

  it('answers count=0 with totalResults only, and a startIndex past the end with an empty page', async () => {
    expect((await get('/Users?count=0')).body).toMatchObject({ totalResults: USERS, itemsPerPage: 0, Resources: [] });
    expect((await get(`/Users?startIndex=${USERS + 1}`)).body).toMatchObject({ totalResults: USERS, itemsPerPage: 0, Resources: [] });
  });

  it('counts again after a write on this instance, so totalResults stays exact mid-walk', async () => {
    await get(`/Users?filter=${encodeURIComponent('title eq "late"')}&count=1`);
    const created = await h.request('POST', '/Users', { token, body: { schemas: [USER], userName: 'late@paging.example', title: 'late' } });
    expect(created.status).toBe(201);
    const second = await get(`/Users?filter=${encodeURIComponent('title eq "late"')}&startIndex=2&count=1`);
    expect(second.body.totalResults).toBe(1);
    expect((await h.request('DELETE', `/Users/${created.body.id}`, { token })).status).toBe(204);
  });
});

describe('cursor paging (RFC 9865)', () => {
  it('walks every user once by nextCursor, each page after the first in a bounded number of round trips', async () => {
    const seen: string[] = [];
    const costs: number[] = [];
    let cursor = '';
    for (let page = 0; ; page++) {
      const { reply, trips } = await withRoundTrips(() => get(`/Users?cursor=${cursor}&count=${PAGE}`));
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.totalResults).toBe(USERS);
      expect(reply.body.itemsPerPage).toBe(reply.body.Resources.length);
      if (page > 0) {
        costs.push(trips);
        expect(reply.body.previousCursor).toEqual(expect.any(String));
      }
      seen.push(...ids(reply));
      if (reply.body.nextCursor === undefined) break;
      expect(reply.body.nextCursor).toMatch(/^[A-Za-z0-9._~-]+$/);
      cursor = reply.body.nextCursor;
    }
    expect(seen).toHaveLength(USERS);
    expect(new Set(seen).size).toBe(USERS);
    expect(Math.max(...costs)).toBeLessThanOrEqual(3);
  });

  it('resumes from a cursor at the cost of one page even when this instance has forgotten the walk', async () => {
    const first = await get(`/Users?cursor=&count=${PAGE}`);
    pagingCache.invalidate(DIRECTORY);
    const { reply, trips } = await withRoundTrips(() => get(`/Users?cursor=${first.body.nextCursor}&count=${PAGE}`));
    expect(reply.status).toBe(200);
    expect(reply.body.totalResults).toBe(USERS);
    expect(ids(reply)).not.toContain(ids(first)[0]);
    expect(trips).toBeLessThanOrEqual(3);
  });

  it('goes back with previousCursor', async () => {
    const first = await get(`/Users?cursor=&count=${PAGE}`);
    const second = await get(`/Users?cursor=${first.body.nextCursor}&count=${PAGE}`);
    const back = await get(`/Users?cursor=${second.body.previousCursor}&count=${PAGE}`);
    expect(ids(back)).toEqual(ids(first));
    expect(first.body.previousCursor).toBeUndefined();
  });

  it('pages a filtered and sorted query by cursor', async () => {
    const query = `filter=${encodeURIComponent('title eq "fifth"')}&sortBy=userName&sortOrder=descending&count=200`;
    const pages: string[][] = [];
    let cursor = '';
    do {
      const reply = await get(`/Users?${query}&cursor=${cursor}`);
      expect(reply.body.totalResults).toBe(USERS / 5);
      pages.push(reply.body.Resources.map((r: { userName: string }) => r.userName));
      cursor = reply.body.nextCursor ?? '';
    } while (cursor !== '');
    const names = pages.flat();
    expect(names).toHaveLength(USERS / 5);
    expect(names).toEqual([...names].sort().reverse());
  });

  it.each([
    ['a tampered cursor', (c: string) => `cursor=${c.slice(0, -2)}AA&count=${PAGE}`],
    ['garbage', () => 'cursor=not-a-cursor'],
    ['a cursor of another filter', (c: string) => `cursor=${c}&count=${PAGE}&filter=${encodeURIComponent('title eq "walker"')}`],
    ['a cursor of another sort', (c: string) => `cursor=${c}&count=${PAGE}&sortBy=userName`],
  ])('refuses %s with 400 invalidCursor', async (_label, query) => {
    const first = await get(`/Users?cursor=&count=${PAGE}`);
    const reply = await get(`/Users?${query(first.body.nextCursor)}`);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidCursor' });
  });

  it('refuses a Users cursor on /Groups', async () => {
    const first = await get(`/Users?cursor=&count=${PAGE}`);
    const reply = await get(`/Groups?cursor=${first.body.nextCursor}`);
    expect(reply.body.scimType).toBe('invalidCursor');
  });
});

describe('ServiceProviderConfig', () => {
  it('advertises index and cursor pagination (RFC 9865) with its page sizes, and sorting', async () => {
    const config = (await get('/ServiceProviderConfig')).body;
    expect(config.pagination).toEqual({ cursor: true, index: true, defaultPaginationMethod: 'index', defaultPageSize: 200, maxPageSize: 200, cursorTimeout: 3600 });
    expect(config.sort).toEqual({ supported: true });
    expect(config.filter).toEqual({ supported: true, maxResults: 200 });
  });
});

describe('malformed paging parameters are 400 with a detail', () => {
  it.each([
    ['count=-1', 'invalidValue', 'count'],
    ['startIndex=abc', 'invalidValue', 'startIndex'],
    ['count=1.5', 'invalidValue', 'count'],
    ['cursor=&startIndex=2', 'invalidValue', 'cursor'],
    ['cursor=&count=0', 'invalidValue', 'count'],
    [`filter=${encodeURIComponent(`${'('.repeat(33)}userName pr${')'.repeat(33)}`)}`, 'invalidFilter', 'nests deeper than 32'],
    ['sortBy=nickname.x', 'invalidValue', 'sortBy'],
    ['attributes=shoeSize', 'invalidValue', 'shoeSize'],
  ])('%s', async (query, scimType, named) => {
    const reply = await get(`/Users?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: '400', scimType });
    expect(reply.body.detail).toContain(named);
  });
});
