import type { Filter } from '../filter/ast';
import { evaluateFilter } from '../filter/evaluate-filter';
import { indexableEqualities } from '../filter/filter-equality';
import { INDEXED_ATTRIBUTES, type MemberRef, type ResourceRepository, type ResourceTypeName, type StoredResource } from '../repository';
import type { ResourceTypeDef } from '../schema/types';
import { memberReferences, type MemberReferences } from './member-references';
import { memberView, withMeta } from './resource-view';

export interface ListQuery {
  filter?: Filter;
  /** 1-based, RFC 7644 §3.4.2.4. */
  startIndex: number;
  count: number;
  /** Base URL for meta.location and $ref while evaluating filters. */
  baseUrl: string;
}

export interface ListResult {
  totalResults: number;
  startIndex: number;
  resources: StoredResource[];
}

/** Rows read per storage page while scanning a partition. */
const SCAN_PAGE = 500;

/**
 * RFC 7644 §3.4.2: filtered, paged listing. Equality on an indexed attribute (and, for
 * groups, `members eq "u"` through the user's reverse rows) is answered from index rows; any
 * other filter is evaluated over the partition page by page, keeping only the requested window
 * in memory while counting every match for totalResults.
 */
export async function listResources(rt: ResourceTypeDef, repo: ResourceRepository, query: ListQuery): Promise<ListResult> {
  const type = rt.name as ResourceTypeName;
  const matches = matcher(rt, repo, query);
  const first = query.startIndex - 1;
  const window: StoredResource[] = [];
  let total = 0;
  const take = async (r: StoredResource) => {
    if (!(await matches(r))) return;
    if (total >= first && window.length < query.count) window.push(r);
    total++;
  };

  const lookups = query.filter && indexableEqualities(query.filter, rt, lookupAttributes(type));
  if (lookups) {
    const seen = new Set<string>();
    for (const { attr, value } of lookups) {
      for (const r of await candidates(repo, type, attr, value)) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        await take(r);
      }
    }
  } else {
    for await (const page of repo.scan(type, SCAN_PAGE)) for (const r of page) await take(r);
  }
  return { totalResults: total, startIndex: query.startIndex, resources: window };
}

function lookupAttributes(type: ResourceTypeName): string[] {
  const { unique, multi } = INDEXED_ATTRIBUTES[type];
  return ['id', ...unique, ...multi, ...(type === 'Group' ? ['members'] : [])];
}

async function candidates(repo: ResourceRepository, type: ResourceTypeName, attr: string, value: string): Promise<StoredResource[]> {
  if (attr !== 'members') return repo.findBy(type, attr, value);
  const groups = await Promise.all((await repo.groupsOf(value)).map((g) => repo.get('Group', g.id)));
  return groups.filter((g): g is StoredResource => g !== undefined);
}

/** Evaluates the filter on the client's view, reading only the member rows it refers to. */
function matcher(rt: ResourceTypeDef, repo: ResourceRepository, query: ListQuery): (r: StoredResource) => Promise<boolean> {
  const filter = query.filter;
  if (!filter) return async () => true;
  const refs: MemberReferences = rt.name === 'Group' ? memberReferences(filter) : undefined;
  return async (r) => {
    const view = withMeta(rt, r, query.baseUrl);
    if (refs) {
      const members = await referencedMembers(repo, r.id, refs);
      if (members.length > 0) view.members = members.map((m) => memberView(m, query.baseUrl, '/Users', 'User'));
    }
    return evaluateFilter(filter, view, rt);
  };
}

async function referencedMembers(repo: ResourceRepository, groupId: string, refs: Exclude<MemberReferences, undefined>): Promise<MemberRef[]> {
  if (refs !== 'all') {
    const present = await Promise.all(refs.ids.map((id) => repo.isMember(groupId, id)));
    return refs.ids.filter((_, i) => present[i]).map((id) => ({ id }));
  }
  const all: MemberRef[] = [];
  for await (const page of repo.members(groupId, 1000, false)) all.push(...page);
  return all;
}
