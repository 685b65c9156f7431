import { ScimError } from '../../../scim/errors';
import { isJsonObject } from '../../../scim/json-object';
import { parseAttributeList, projectResource, type Projection } from '../../../scim/projection';
import type { ResourceRepository, ResourceTypeName, ScimDoc, StoredResource } from '../../../scim/repository';
import { ENTERPRISE_USER_SCHEMA_ID } from '../../../scim/schema/enterprise-user-schema';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../scim/schema/resource-types';
import type { ResourceTypeDef } from '../../../scim/schema/types';
import { withMeta } from '../../../scim/service/resource-view';
import type { DirectoryRecord } from '../../../store/directory-store';
import type { ManageContext } from '../../manage-route';
import type { ScimResult } from '../../responses';
import { decodePeopleCursor, encodePeopleCursor, type PeoplePosition, type PeopleScope } from './people-cursor';
import { findById, searchPage, type Found } from './people-search';

/** Search text longer than this is refused: nobody types more, and it bounds key sizes. */
const MAX_QUERY_CHARS = 256;

/** Storage rows asked per wanted resource, and the cap on rows and calls of one list page. */
const ROWS_PER_RESOURCE = 4;
const MAX_SCAN_ROWS = 1000;
const SCAN_CALLS = 5;

/** One of the two lists: its resource type, the unique attribute searched, what a list entry leaves out. */
interface PeopleKind {
  list: 'users' | 'groups';
  rt: ResourceTypeDef;
  type: ResourceTypeName;
  searchBy: string;
  /** Left out of list entries, so a page costs one read per resource. */
  omitted: string;
}

const KINDS: Record<PeopleKind['list'], PeopleKind> = {
  users: { list: 'users', rt: USER_RESOURCE_TYPE, type: 'User', searchBy: 'userName', omitted: 'groups' },
  groups: { list: 'groups', rt: GROUP_RESOURCE_TYPE, type: 'Group', searchBy: 'displayName', omitted: 'members' },
};

/** What rendering needs: the directory's repository and the Tenant URL locations point under. */
interface View {
  repo: ResourceRepository;
  baseUrl: string;
}

/**
 * GET /manage/directories/{dir}/(users|groups)[/{id}] and …/groups/{id}/members: the admin
 * console's People pages (issue #9), read-only. Every answer is one page whose cost does not
 * grow with the directory: lists resume from a storage position, search reads the unique index
 * rows of a prefix only, members resume from a member row. Resources are rendered as the SCIM
 * GET renders them, under the Tenant URL. `list` is `users` or `groups`; `id` and `sub` are the
 * path segments after it.
 */
export async function people(ctx: ManageContext, dir: DirectoryRecord, list: PeopleKind['list'], id?: string, sub?: string): Promise<ScimResult> {
  if (sub !== undefined && !(list === 'groups' && sub === 'members')) throw ScimError.notFound(`no management endpoint at /manage/${ctx.segments.join('/')}`);
  if (ctx.method !== 'GET') {
    const path = `/manage/directories/{id}/${list}${id === undefined ? '' : '/{id}'}${sub === undefined ? '' : `/${sub}`}`;
    throw ScimError.methodNotAllowed(`${ctx.method} is not supported on ${path}: it is read-only`, ['GET']);
  }
  const kind = KINDS[list];
  const view: View = { repo: ctx.services.resources(kind.rt, dir.id).repo, baseUrl: tenantUrlOf(ctx.url) };
  if (id === undefined) return listPage(ctx, dir, kind, view);
  if (sub === 'members') return membersPage(ctx, dir, view, id);
  const found = await findById(view.repo, kind.type, id);
  if (!found) throw ScimError.notFound(`${kind.type} ${JSON.stringify(id)} not found in directory "${dir.id}"`);
  if (kind.type === 'Group') return ok({ group: render(kind.rt, found, view) });
  return ok({ user: render(kind.rt, found, view), manager: await managerOf(view.repo, found) });
}

/** `?q=&count=&cursor=`: all resources in storage order, or a prefix search when `q` is given. */
async function listPage(ctx: ManageContext, dir: DirectoryRecord, kind: PeopleKind, view: View): Promise<ScimResult> {
  const count = countParam(ctx.query, 100, 25);
  const q = searchParam(ctx.query);
  const scope: PeopleScope = { directory: dir.id, list: kind.list, ...(q === undefined ? {} : { q: q.toLowerCase() }) };
  const position = cursorParam(ctx.query, scope);
  const found: Found = q === undefined ? await scanned(view.repo, kind, count, position) : await searchPage(view.repo, kind.type, kind.searchBy, q, count, position);
  const projection: Projection = { excludedAttributes: parseAttributeList(kind.rt, kind.omitted, 'excludedAttributes') };
  return ok({
    resources: found.resources.map((r) => render(kind.rt, r, view, projection)),
    ...(found.next === undefined ? {} : { next: encodePeopleCursor(scope, found.next) }),
  });
}

/**
 * A page of `count` resources in storage order. scanPage counts storage rows, and a user's
 * membership rows come with it, so it asks for a few rows per resource still wanted and keeps
 * `count`: the continuation is a resource id, so the next page resumes right after the last one
 * kept. A few calls at most, each one request, so a page stays bounded however many groups
 * its users are in (a page may then hold fewer than `count`, with `next`).
 */
async function scanned(repo: ResourceRepository, kind: PeopleKind, count: number, position: PeoplePosition | undefined): Promise<Found> {
  const resources: StoredResource[] = [];
  let after = position?.after;
  for (let call = 0; call < SCAN_CALLS && resources.length < count; call++) {
    const wanted = count - resources.length;
    const page = await repo.scanPage(kind.type, Math.min(MAX_SCAN_ROWS, wanted * ROWS_PER_RESOURCE), after);
    resources.push(...page.resources.slice(0, wanted));
    if (page.resources.length > wanted) return { resources, next: { after: resources[resources.length - 1]!.id } };
    if (page.next === undefined) return { resources };
    after = page.next;
  }
  return { resources, next: { after } };
}

/** `…/groups/{id}/members?count=&cursor=`: `{ value, display?, type }` a page at a time. */
async function membersPage(ctx: ManageContext, dir: DirectoryRecord, view: View, groupId: string): Promise<ScimResult> {
  const count = countParam(ctx.query, 200, 50);
  const scope: PeopleScope = { directory: dir.id, list: `groups/${groupId}/members` };
  const position = cursorParam(ctx.query, scope);
  if (!(await findById(view.repo, 'Group', groupId))) throw ScimError.notFound(`Group ${JSON.stringify(groupId)} not found in directory "${dir.id}"`);
  const page = await view.repo.membersPage(groupId, count, position?.after);
  return ok({
    members: page.members.map((m) => ({ value: m.id, ...(m.display === undefined ? {} : { display: m.display }), type: 'User' })),
    ...(page.next === undefined ? {} : { next: encodePeopleCursor(scope, { after: page.next }) }),
  });
}

/**
 * The user's manager (enterprise extension, RFC 7643 §4.3) by its `value`: a summary of that
 * user, `{ id, missing: true }` when it no longer exists, or null when none is set.
 */
async function managerOf(repo: ResourceRepository, user: StoredResource): Promise<Record<string, unknown> | null> {
  const extension = user.doc[ENTERPRISE_USER_SCHEMA_ID];
  const manager = isJsonObject(extension) ? extension.manager : undefined;
  const id = isJsonObject(manager) ? manager.value : undefined;
  if (typeof id !== 'string' || id === '') return null;
  const found = await findById(repo, 'User', id);
  if (!found) return { id, missing: true };
  const { userName, displayName } = found.doc;
  return { id, userName, ...(typeof displayName === 'string' ? { displayName } : {}) };
}

/** The resource as GET on the SCIM endpoint answers it (same projection rules, same meta). */
function render(rt: ResourceTypeDef, r: StoredResource, view: View, projection: Projection = {}): ScimDoc {
  return projectResource(rt, withMeta(rt, r, view.baseUrl), projection);
}

/** Absent or empty: the default; otherwise an integer in 1..max. */
function countParam(query: URLSearchParams, max: number, fallback: number): number {
  const text = query.get('count');
  if (text === null || text === '') return fallback;
  const count = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(count >= 1 && count <= max)) throw ScimError.invalidValue(`count must be an integer from 1 to ${max}`);
  return count;
}

/** Trimmed; blank means no search (the console's empty search box). */
function searchParam(query: URLSearchParams): string | undefined {
  const q = query.get('q')?.trim();
  if (!q) return undefined;
  if (q.length > MAX_QUERY_CHARS) throw ScimError.invalidValue(`q must be at most ${MAX_QUERY_CHARS} characters`);
  return q;
}

function cursorParam(query: URLSearchParams, scope: PeopleScope): PeoplePosition | undefined {
  const cursor = query.get('cursor');
  return cursor ? decodePeopleCursor(scope, cursor) : undefined;
}

/**
 * The Tenant URL of the deployment the request came in on: `<origin><route prefix>/scim/v2`,
 * the route prefix being what precedes `/manage/` (`/api` by default), so locations match the
 * ones the SCIM endpoint itself answers.
 */
export function tenantUrlOf(url: string): string {
  const u = new URL(url);
  const at = u.pathname.toLowerCase().indexOf('/manage/');
  return `${u.origin}${at < 0 ? '' : u.pathname.slice(0, at)}/scim/v2`;
}

function ok(body: unknown): ScimResult {
  return { status: 200, body };
}
