import { parseAttributeList, parseAttributeListAcross, wantsAttribute, type Projection } from '../scim/projection';
import type { ResourceTypeDef } from '../scim/schema/types';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../scim/schema/resource-types';
import { queryKey, type Checkpoint } from '../scim/service/list-query';
import { searchAll, type RootCheckpoint } from '../scim/service/root-search';
import { CursorCodec, type CursorScope, type CursorState } from './cursor';
import { parseListParams, type ListParams, type ParamSource } from './list-params';
import { renderList, type ListItem, type ListPage, type RenderContext } from './render-resource';
import type { ScimResult } from './responses';
import type { ScimContext } from './scim-route';

/** Member rows read per storage page while writing a group out. */
const MEMBER_PAGE = 1000;

/** What a list covers: one resource type (`/Users`, `/Users/.search`), or all of them (`/.search`). */
export type ListScope = ResourceTypeDef | 'root';

/**
 * Answers a query (RFC 7644 §3.4.2, or §3.4.3 POST /.search with the same semantics) with a
 * ListResponse: parameters from `source`, paged by index or, with `cursor`, by RFC 9865 cursor.
 */
export async function answerList(ctx: ScimContext, scope: ListScope, source: ParamSource): Promise<ScimResult> {
  const types = scope === 'root' ? [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE] : [scope];
  const params = parseListParams(scope === 'root' ? types : scope, source, ctx.services.config.maxPageSize);
  const projections = projectionsOf(scope, types, source);
  const cursorScope: CursorScope = { directoryId: ctx.principal.directoryId, query: queryKey(scope === 'root' ? 'root' : scope.name, params.filter, params.sort) };
  const codec = new CursorCodec(ctx.services.signingKeys);
  const state = params.cursor ? codec.decode(cursorScope, params.cursor) : undefined;
  const startIndex = params.cursor === undefined ? params.startIndex : (state?.pos ?? 0) + 1;
  const { items, totalResults, next } = await run(ctx, scope, params, startIndex, state);
  const page: ListPage = { totalResults, startIndex };
  if (params.cursor !== undefined) {
    if (next.pos < totalResults) page.nextCursor = codec.encode(cursorScope, next);
    if (startIndex > 1) page.previousCursor = codec.encode(cursorScope, previous(next, startIndex - 1 - params.count));
  }
  const contexts = new Map(types.map((rt) => [rt.name, renderContext(ctx, rt, projections.get(rt.name) ?? {})]));
  return { status: 200, body: renderList(items, page, (rt) => contexts.get(rt.name)!) };
}

async function run(
  ctx: ScimContext,
  scope: ListScope,
  params: ListParams,
  startIndex: number,
  state: CursorState | undefined,
): Promise<{ items: ListItem[]; totalResults: number; next: CursorState }> {
  const query = { filter: params.filter, sort: params.sort, startIndex, count: params.count, baseUrl: ctx.baseUrl };
  const service = (rt: ResourceTypeDef) => ctx.services.resources(rt, ctx.principal.directoryId);
  if (scope !== 'root') {
    const resume: Checkpoint | undefined = state && { pos: state.pos, after: state.after, total: state.total };
    const result = await service(scope).list({ ...query, resume });
    return { items: result.resources.map((resource) => ({ rt: scope, resource })), totalResults: result.totalResults, next: result.next };
  }
  const resume: RootCheckpoint | undefined = state;
  const result = await searchAll(service(USER_RESOURCE_TYPE).listContext, service(GROUP_RESOURCE_TYPE).listContext, { ...query, resume });
  return { items: result.items, totalResults: result.totalResults, next: result.next };
}

/** A cursor back to `pos`: no resume point, the counts of the walk. */
function previous(next: CursorState, pos: number): CursorState {
  const state: CursorState = { pos: Math.max(0, pos) };
  if (next.total !== undefined) state.total = next.total;
  if (next.usersTotal !== undefined) {
    state.usersTotal = next.usersTotal;
    state.type = state.pos < next.usersTotal ? 'User' : 'Group';
  }
  return state;
}

function projectionsOf(scope: ListScope, types: ResourceTypeDef[], source: ParamSource): Map<string, Projection> {
  if (scope !== 'root') {
    const projection: Projection = {
      attributes: parseAttributeList(scope, source('attributes'), 'attributes'),
      excludedAttributes: parseAttributeList(scope, source('excludedAttributes'), 'excludedAttributes'),
    };
    return new Map([[scope.name, projection]]);
  }
  const attributes = parseAttributeListAcross(types, source('attributes'), 'attributes');
  const excluded = parseAttributeListAcross(types, source('excludedAttributes'), 'excludedAttributes');
  return new Map(types.map((rt) => [rt.name, { attributes: attributes?.get(rt.name), excludedAttributes: excluded?.get(rt.name) }]));
}

/** Group members are read only when the projection keeps them (ENTRA-DIALECT item 11). */
export function renderContext(ctx: ScimContext, rt: ResourceTypeDef, projection: Projection): RenderContext {
  const render: RenderContext = { baseUrl: ctx.baseUrl, projection };
  if (rt.name === 'Group' && wantsAttribute(rt, projection, { name: 'members' })) {
    const repo = ctx.services.resources(rt, ctx.principal.directoryId).repo;
    render.members = (groupId) => repo.members(groupId, MEMBER_PAGE);
  }
  return render;
}
