import { ScimError } from '../errors';
import { evaluateFilter } from '../filter/evaluate-filter';
import { indexableEqualities, type IndexLookup } from '../filter/filter-equality';
import { INDEXED_ATTRIBUTES, type MemberRef, type ResourceRepository, type ResourceTypeName, type ScimDoc, type StoredResource } from '../repository';
import type { ResourceTypeDef } from '../schema/types';
import { compareSortKeys, sortKeyOf } from '../sort';
import { checkSortBound, type ListContext, type ListQuery, type ListResult, type Matcher } from './list-query';
import { memberReferences, readsMemberDisplay, type MemberReferences } from './member-references';
import { memberView, withMeta } from './resource-view';
import { scanWindow } from './scan-window';
import { sortedEntries, sortedPage, type SortedEntry } from './sorted-list';

export type { Checkpoint, ListContext, ListQuery, ListResult } from './list-query';

/**
 * RFC 7644 §3.4.2: filtered, sorted, paged listing of one resource type.
 * - Equality on an indexed attribute (and, for groups, `members eq "u"` through the user's
 *   reverse rows) reads candidates from index rows; the full filter is evaluated on them.
 * - Otherwise the partition is scanned a page at a time (scan-window.ts): the first page of a
 *   walk counts every match and notes checkpoints; later pages resume from the nearest one.
 * - With sortBy every match's sort key is collected, sorted once and kept (sorted-list.ts).
 * The paging cache in `ctx` holds what earlier pages learned; see PagingCache.
 */
export async function listResources(ctx: ListContext, query: ListQuery): Promise<ListResult> {
  if (query.sort) return sortedPage(ctx.repo, query, await sortedMatches(ctx, query));
  const matches = matcher(ctx.rt, ctx.repo, query);
  const lookups = indexLookups(ctx, query);
  if (lookups) {
    const matched = await fromCandidates(ctx, query, matches, lookups);
    const first = query.startIndex - 1;
    const resources = matched.slice(first, first + query.count).map((f) => f.r);
    return { totalResults: matched.length, startIndex: query.startIndex, resources, next: { pos: first + resources.length, total: matched.length } };
  }
  return scanWindow(ctx, query, matches);
}

/**
 * Every match of a sorted query, in order (RFC 7644 §3.4.2.3), as ids and sort keys; at most
 * `maxSortMatches` (else 400 tooMany). A root search merges those of both resource types.
 */
export async function sortedMatches(ctx: ListContext, query: ListQuery): Promise<SortedEntry[]> {
  const spec = query.sort!;
  const matches = matcher(ctx.rt, ctx.repo, query);
  const lookups = indexLookups(ctx, query);
  if (!lookups) return sortedEntries(ctx, query, matches);
  const found = await fromCandidates(ctx, query, matches, lookups);
  checkSortBound(found.length, ctx.maxSortMatches);
  const type = ctx.rt.name as ResourceTypeName;
  const entries: SortedEntry[] = found.map(({ r, view }) => ({ type, id: r.id, key: sortKeyOf(spec, ctx.rt, view), resource: r }));
  return entries.sort((a, b) => compareSortKeys(a.key, b.key, spec.order));
}

function indexLookups(ctx: ListContext, query: ListQuery): IndexLookup[] | undefined {
  return query.filter && indexableEqualities(query.filter, ctx.rt, lookupAttributes(ctx.rt.name as ResourceTypeName));
}

/** The matches among the resources the index rows name, in index order. */
async function fromCandidates(ctx: ListContext, query: ListQuery, matches: Matcher, lookups: IndexLookup[]): Promise<Array<{ r: StoredResource; view: ScimDoc }>> {
  const type = ctx.rt.name as ResourceTypeName;
  const seen = new Set<string>();
  const found: Array<{ r: StoredResource; view: ScimDoc }> = [];
  for (const { attr, value } of lookups) {
    for (const r of await candidates(ctx.repo, type, attr, value)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const view = withMeta(ctx.rt, r, query.baseUrl);
      if (await matches(r, view)) found.push({ r, view });
    }
  }
  return found;
}

function lookupAttributes(type: ResourceTypeName): string[] {
  const { unique, multi } = INDEXED_ATTRIBUTES[type];
  return ['id', ...unique, ...multi, ...(type === 'Group' ? ['members'] : [])];
}

/**
 * Resources whose `attr` may equal `value`. A value too long to be a storage key cannot be
 * stored either (the write that would have stored it was refused), so it has no candidates.
 */
async function candidates(repo: ResourceRepository, type: ResourceTypeName, attr: string, value: string): Promise<StoredResource[]> {
  try {
    if (attr !== 'members') return await repo.findBy(type, attr, value);
    const refs = (await Promise.all(idSpellings(value).map((id) => repo.groupsOf(id)))).flat();
    const groups = await Promise.all(refs.map((g) => repo.get('Group', g.id)));
    return groups.filter((g): g is StoredResource => g !== undefined);
  } catch (e) {
    if (e instanceof ScimError && e.status === 400) return [];
    throw e;
  }
}

/**
 * `members.value` is not caseExact (RFC 7643 §8.7.1) while membership rows are keyed by the id
 * as stored, which Roster generates in lower case: a value is looked up as written and, when
 * it differs, in lower case too.
 */
function idSpellings(value: string): string[] {
  const lower = value.toLowerCase();
  return lower === value ? [value] : [value, lower];
}

/** Evaluates the filter on the client's view, reading only the member rows it refers to. */
function matcher(rt: ResourceTypeDef, repo: ResourceRepository, query: ListQuery): Matcher {
  const filter = query.filter;
  if (!filter) return async () => true;
  const refs: MemberReferences = rt.name === 'Group' ? memberReferences(filter) : undefined;
  const display = refs !== undefined && readsMemberDisplay(filter);
  return async (r, view) => {
    if (!refs) return evaluateFilter(filter, view, rt);
    const members = await referencedMembers(repo, r.id, refs, display);
    const withMembers = members.length > 0 ? { ...view, members: members.map((m) => memberView(m, query.baseUrl, '/Users', 'User')) } : view;
    return evaluateFilter(filter, withMembers, rt);
  };
}

/**
 * The members a filter can see: the named ones by point reads, or all of them; with their
 * display names when the filter reads them (filled in from the users where a row lacks one, as
 * a full GET shows them).
 */
async function referencedMembers(repo: ResourceRepository, groupId: string, refs: Exclude<MemberReferences, undefined>, display: boolean): Promise<MemberRef[]> {
  if (refs !== 'all') {
    const ids = [...new Set(refs.ids.flatMap(idSpellings))];
    const present = await Promise.all(ids.map((id) => repo.isMember(groupId, id)));
    return ids.filter((_, i) => present[i]).map((id) => ({ id }));
  }
  const all: MemberRef[] = [];
  for await (const page of repo.members(groupId, 1000, display)) all.push(...page);
  return all;
}
