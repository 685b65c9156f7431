import { beforeEach, describe, expect, it } from 'vitest';
import { parseFilter } from '../../../../shared/scim/filter/parse-filter';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../shared/scim/schema/resource-types';
import type { ListContext, ListQuery } from '../../../../shared/scim/service/list-query';
import { listResources } from '../../../../shared/scim/service/list-resources';
import { PagingCache } from '../../../../shared/scim/service/paging-cache';
import { ResourceService } from '../../../../shared/scim/service/resource-service';
import { searchAll } from '../../../../shared/scim/service/root-search';
import { parseSort } from '../../../../shared/scim/sort';
import { MemoryRepository } from './memory-repository';

const USERS = 1000;
const id = (i: number) => `u${String(i).padStart(4, '0')}`;

let repo: MemoryRepository;
let cache: PagingCache;
let users: ListContext;
let groups: ListContext;

beforeEach(() => {
  repo = new MemoryRepository();
  for (let i = 0; i < USERS; i++) repo.add('User', id(i), { userName: `user${i}`, title: i % 2 === 0 ? 'even' : 'odd' });
  for (let i = 0; i < 5; i++) repo.add('Group', `g${i}`, { displayName: `Group ${4 - i}` });
  cache = new PagingCache();
  users = { rt: USER_RESOURCE_TYPE, repo, cache, maxSortMatches: 100_000 };
  groups = { rt: GROUP_RESOURCE_TYPE, repo, cache, maxSortMatches: 100_000 };
});

const query = (q: Partial<ListQuery>): ListQuery => ({ startIndex: 1, count: 50, baseUrl: 'https://x/scim/v2', ...q });
const ids = (r: { resources: Array<{ id: string }> }) => r.resources.map((x) => x.id);

describe('listResources: index paging', () => {
  it('counts every match on the first page, then serves each next page from a checkpoint', async () => {
    const first = await listResources(users, query({}));
    expect(first).toMatchObject({ totalResults: USERS, startIndex: 1 });
    expect(repo.scanned).toBe(USERS);
    const seen = ids(first);
    for (let start = 51; start <= USERS; start += 50) {
      repo.resetCounts();
      const page = await listResources(users, query({ startIndex: start }));
      expect(page.totalResults).toBe(USERS);
      expect(repo.scanned).toBeLessThanOrEqual(100);
      seen.push(...ids(page));
    }
    expect(seen).toEqual(Array.from({ length: USERS }, (_, i) => id(i)));
  });

  it('jumps to a deep page reading at most a hundred matches before it', async () => {
    await listResources(users, query({ filter: parseFilter('title eq "odd"') }));
    repo.resetCounts();
    const deep = await listResources(users, query({ filter: parseFilter('title eq "odd"'), startIndex: 451 }));
    expect(ids(deep)[0]).toBe(id(901));
    expect(repo.scanned).toBeLessThanOrEqual(300);
  });

  it('recounts on a first page, so a change it was not told about still shows', async () => {
    await listResources(users, query({}));
    repo.add('User', 'z-new', { userName: 'new' });
    expect((await listResources(users, query({ startIndex: 51 }))).totalResults).toBe(USERS);
    expect((await listResources(users, query({}))).totalResults).toBe(USERS + 1);
  });

  it('forgets what it learned when the directory is written through a service', async () => {
    await listResources(users, query({}));
    await new ResourceService(USER_RESOURCE_TYPE, repo, () => 'x', { cache }).delete(id(0));
    expect((await listResources(users, query({ startIndex: 51 }))).totalResults).toBe(USERS - 1);
  });

  it('resumes from a cursor position without rescanning, even with an empty cache', async () => {
    const first = await listResources(users, query({}));
    repo.resetCounts();
    const next = await listResources({ ...users, cache: new PagingCache() }, query({ startIndex: first.next.pos + 1, resume: first.next }));
    expect(ids(next)[0]).toBe(id(50));
    expect(next.totalResults).toBe(USERS);
    expect(repo.scanned).toBeLessThanOrEqual(100);
  });
});

describe('listResources: sorted', () => {
  const byName = (order?: string) => parseSort([USER_RESOURCE_TYPE], 'userName', order);

  it('sorts every match once and serves later pages from the sorted keys', async () => {
    const first = await listResources(users, query({ sort: byName('descending'), count: 3 }));
    expect(first.resources.map((r) => r.doc.userName)).toEqual(['user999', 'user998', 'user997']);
    repo.resetCounts();
    const second = await listResources(users, query({ sort: byName('descending'), count: 3, startIndex: 4 }));
    expect(second.resources.map((r) => r.doc.userName)).toEqual(['user996', 'user995', 'user994']);
    expect(repo.scans).toBe(0);
    expect(repo.reads).toBe(0);
  });

  it('refuses to sort more than maxSortMatches matches with 400 tooMany', async () => {
    const refused = listResources({ ...users, maxSortMatches: 499 }, query({ sort: byName(), filter: parseFilter('title eq "odd"') }));
    await expect(refused).rejects.toMatchObject({ status: 400, scimType: 'tooMany' });
    const ok = await listResources({ ...users, maxSortMatches: 500 }, query({ sort: byName(), filter: parseFilter('title eq "odd"') }));
    expect(ok.totalResults).toBe(500);
  });
});

describe('searchAll (root)', () => {
  it('lists users then groups, paging across the boundary', async () => {
    const last = await searchAll(users, groups, query({ startIndex: 998, count: 5 }));
    expect(last.totalResults).toBe(USERS + 5);
    expect(last.items.map((i) => i.resource.id)).toEqual([id(997), id(998), id(999), 'g0', 'g1']);
    expect(last.items.map((i) => i.rt.name)).toEqual(['User', 'User', 'User', 'Group', 'Group']);
    expect(last.next).toMatchObject({ pos: 1002, type: 'Group', after: 'g1', usersTotal: USERS, total: USERS + 5 });
    repo.resetCounts();
    const rest = await searchAll(users, groups, query({ startIndex: 1003, count: 5, resume: last.next }));
    expect(rest.items.map((i) => i.resource.id)).toEqual(['g2', 'g3', 'g4']);
    expect(repo.scanned).toBeLessThanOrEqual(3);
  });

  it('merges both types into one sorted order', async () => {
    const sort = parseSort([USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE], 'displayName', 'ascending');
    repo.add('User', 'zz', { userName: 'zz', displayName: 'Group 2b' });
    const result = await searchAll(users, groups, query({ sort, count: 8 }));
    expect(result.items.map((i) => i.resource.id)).toEqual(['g4', 'g3', 'g2', 'zz', 'g1', 'g0', id(0), id(1)]);
  });
});
