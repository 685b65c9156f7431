import type { StoredResource } from '../repository';
import type { ResourceTypeDef } from '../schema/types';
import { compareSortKeys, type SortOrder } from '../sort';
import { checkSortBound, type ListContext, type ListQuery } from './list-query';
import { listResources, sortedMatches } from './list-resources';
import { readEntries, type SortedEntry } from './sorted-list';

/**
 * A position in a root search: global `pos`; where that page starts (`type`, and the resource
 * `after` which it resumes in that type); the totals counted when the walk began.
 */
export interface RootCheckpoint {
  pos: number;
  type?: 'User' | 'Group';
  after?: string;
  usersTotal?: number;
  total?: number;
}

export interface RootQuery extends Omit<ListQuery, 'resume' | 'recount'> {
  resume?: RootCheckpoint;
}

export interface RootItem {
  rt: ResourceTypeDef;
  resource: StoredResource;
}

export interface RootResult {
  totalResults: number;
  startIndex: number;
  items: RootItem[];
  next: RootCheckpoint;
}

/**
 * RFC 7644 §3.4.3 POST /.search at the root: Users and Groups as one result set. Without sortBy
 * it is every matching user (in storage order) followed by every matching group, and
 * startIndex/count page through that concatenation; totalResults is the sum. With sortBy both
 * types' matches are merged into one order (a type without the attribute sorts as missing;
 * on equal keys users come first), bounded by maxSortMatches across both.
 */
export function searchAll(users: ListContext, groups: ListContext, query: RootQuery): Promise<RootResult> {
  return query.sort ? sortedAcross(users, groups, query) : usersThenGroups(users, groups, query);
}

async function usersThenGroups(users: ListContext, groups: ListContext, query: RootQuery): Promise<RootResult> {
  const first = query.startIndex - 1;
  const { resume } = query;
  const recount = first === 0 && resume === undefined;
  const base = { filter: query.filter, baseUrl: query.baseUrl, recount };
  const knownUsers = resume?.usersTotal;
  const usersCount = knownUsers === undefined ? query.count : clamp(knownUsers - first, 0, query.count);
  const u = await listResources(users, {
    ...base,
    startIndex: first + 1,
    count: usersCount,
    resume: resume?.type === 'Group' ? { pos: first, total: knownUsers } : resume && { pos: resume.pos, after: resume.after, total: knownUsers },
  });
  const usersTotal = knownUsers ?? u.totalResults;
  const groupFirst = Math.max(0, first - usersTotal);
  const groupsKnown = resume?.total !== undefined && knownUsers !== undefined ? resume.total - knownUsers : undefined;
  const g = await listResources(groups, {
    ...base,
    startIndex: groupFirst + 1,
    count: query.count - u.resources.length,
    resume: resume?.type === 'Group' ? { pos: groupFirst, after: resume.after, total: groupsKnown } : { pos: 0, total: groupsKnown },
  });
  const total = usersTotal + g.totalResults;
  const items = [...u.resources.map((r) => ({ rt: users.rt, resource: r })), ...g.resources.map((r) => ({ rt: groups.rt, resource: r }))];
  const pos = first + items.length;
  const next: RootCheckpoint =
    pos < usersTotal
      ? { pos, type: 'User', after: u.next.after, usersTotal, total }
      : { pos, type: 'Group', after: g.next.pos === pos - usersTotal ? g.next.after : undefined, usersTotal, total };
  return { totalResults: total, startIndex: query.startIndex, items, next };
}

async function sortedAcross(users: ListContext, groups: ListContext, query: RootQuery): Promise<RootResult> {
  const first = query.startIndex - 1;
  const perType: ListQuery = { ...query, resume: undefined, recount: first === 0 && query.resume === undefined };
  const merged = merge(await sortedMatches(users, perType), await sortedMatches(groups, perType), query.sort!.order);
  checkSortBound(merged.length, users.maxSortMatches);
  const page = merged.slice(first, first + query.count);
  const resources = await readEntries(users.repo, page);
  const items: RootItem[] = [];
  resources.forEach((r, i) => {
    if (r) items.push({ rt: page[i]!.type === 'User' ? users.rt : groups.rt, resource: r });
  });
  return { totalResults: merged.length, startIndex: query.startIndex, items, next: { pos: first + items.length, total: merged.length } };
}

/** Two sorted lists as one, stable: on equal keys the left list's entry comes first. */
function merge(left: SortedEntry[], right: SortedEntry[], order: SortOrder): SortedEntry[] {
  const out: SortedEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    out.push(compareSortKeys(left[i]!.key, right[j]!.key, order) <= 0 ? left[i++]! : right[j++]!);
  }
  return out.concat(left.slice(i), right.slice(j));
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}
