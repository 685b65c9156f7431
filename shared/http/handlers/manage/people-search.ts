import { ScimError } from '../../../scim/errors';
import type { ResourceRepository, ResourceTypeName, StoredResource } from '../../../scim/repository';
import type { PeoplePosition } from './people-cursor';

/** One page of a people list: the resources and where the next page resumes, if anywhere. */
export interface Found {
  resources: StoredResource[];
  next?: PeoplePosition;
}

/**
 * The console's search box: a resource whose id is exactly `q` first (first page only), then
 * the case-insensitive prefix matches of the searched attribute in index order, at most `count`
 * in all. The id match is carried in the cursor so later pages leave it out. Cost per page: one
 * index range read and a point read per hit (plus the id lookup on the first page), the same
 * on 100 users as on 100,000.
 */
export async function searchPage(
  repo: ResourceRepository,
  type: ResourceTypeName,
  attr: string,
  q: string,
  count: number,
  position?: PeoplePosition,
): Promise<Found> {
  const exact = position === undefined ? await findById(repo, type, q) : undefined;
  const skip = exact?.id ?? position?.skip;
  const withSkip = (next: PeoplePosition): PeoplePosition => (skip === undefined ? next : { ...next, skip });
  if (exact && count === 1) {
    // No room left on this page: the prefix matches start on the next one, if there are any.
    const peek = await repo.findByPrefix(type, attr, q, 2);
    const more = peek.next !== undefined || peek.resources.some((r) => r.id !== exact.id);
    return { resources: [exact], ...(more ? { next: withSkip({}) } : {}) };
  }
  const page = await repo.findByPrefix(type, attr, q, count - (exact ? 1 : 0), position?.after);
  const matches = page.resources.filter((r) => r.id !== skip);
  return {
    resources: exact ? [exact, ...matches] : matches,
    ...(page.next === undefined ? {} : { next: withSkip({ after: page.next }) }),
  };
}

/** A resource by id; an id no storage key can hold names nothing stored, so it is not found either. */
export async function findById(repo: ResourceRepository, type: ResourceTypeName, id: string): Promise<StoredResource | undefined> {
  try {
    return await repo.get(type, id);
  } catch (e) {
    if (e instanceof ScimError && e.status === 400) return undefined;
    throw e;
  }
}
