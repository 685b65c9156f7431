import { ScimError } from '../../scim/errors';
import { parsePatchRequest } from '../../scim/patch/parse-patch-request';
import { parseAttributeList, wantsAttribute, type Projection } from '../../scim/projection';
import type { StoredResource } from '../../scim/repository';
import type { ResourceTypeDef } from '../../scim/schema/types';
import { resourceLocation } from '../../scim/service/resource-view';
import { versionTag } from '../../scim/service/version-tag';
import { param, parseListParams } from '../list-params';
import { renderList, renderResource, type RenderContext } from '../render-resource';
import type { ScimResult } from '../responses';
import type { ScimContext, ScimHandler } from '../scim-route';

const ITEM_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE'];
const COLLECTION_METHODS = ['GET', 'POST'];
/** Member rows read per storage page while writing a group out. */
const MEMBER_PAGE = 1000;

/** /Users, /Groups and their /{id}: RFC 7644 §3.3-3.6 over the resource services. */
export function resourceHandler(rt: ResourceTypeDef): ScimHandler {
  return async (ctx) => {
    const id = ctx.params.id;
    const service = ctx.services.resources(rt, ctx.principal.directoryId, { keyId: ctx.principal.keyId, requestId: ctx.requestId });
    const ifMatch = ctx.header('if-match');
    if (id === undefined || id === '') {
      if (ctx.method === 'GET') return list(rt, ctx);
      if (ctx.method === 'POST') return resource(rt, ctx, await service.create(await ctx.json()), 201);
      throw ScimError.methodNotAllowed(`${ctx.method} is not supported on ${rt.endpoint}`, COLLECTION_METHODS);
    }
    switch (ctx.method) {
      case 'GET':
        return notModifiedOr(ctx, rt, await service.get(id));
      case 'PUT':
        return resource(rt, ctx, await service.replace(id, await ctx.json(), ifMatch), 200);
      case 'PATCH':
        return patched(rt, ctx, await service.patch(id, parsePatchRequest(await ctx.json()), ifMatch));
      case 'DELETE':
        await service.delete(id, ifMatch);
        return { status: 204 };
      default:
        throw ScimError.methodNotAllowed(`${ctx.method} is not supported on ${rt.endpoint}/{id}`, ITEM_METHODS);
    }
  };
}

async function list(rt: ResourceTypeDef, ctx: ScimContext): Promise<ScimResult> {
  const params = parseListParams(rt, ctx.query, ctx.services.config.maxPageSize);
  const render = renderContext(rt, ctx, projectionOf(rt, ctx));
  const result = await ctx.services.resources(rt, ctx.principal.directoryId).list({ ...params, baseUrl: ctx.baseUrl });
  return { status: 200, body: renderList(rt, result, render) };
}

function resource(rt: ResourceTypeDef, ctx: ScimContext, r: StoredResource, status: number, projection = projectionOf(rt, ctx)): ScimResult {
  const headers: Record<string, string> = { ETag: versionTag(r) };
  if (status === 201) headers.Location = resourceLocation(rt, r.id, ctx.baseUrl);
  return { status, headers, body: renderResource(rt, r, renderContext(rt, ctx, projection)) };
}

/**
 * A user PATCH answers 200 with the user (ENTRA-DIALECT). A group PATCH answers 204 unless the
 * client asked for attributes, and then without members unless it named them: a member PATCH
 * must never echo a giant member list (ENTRA-DIALECT item 6).
 */
function patched(rt: ResourceTypeDef, ctx: ScimContext, r: StoredResource): ScimResult {
  if (rt.name !== 'Group') return resource(rt, ctx, r, 200);
  const projection = projectionOf(rt, ctx);
  if (!projection.attributes && !projection.excludedAttributes) return { status: 204, headers: { ETag: versionTag(r) } };
  const membersNamed = (projection.attributes ?? []).some((p) => p.name.toLowerCase() === 'members');
  const excluded = [...(projection.excludedAttributes ?? []), { name: 'members' }];
  return resource(rt, ctx, r, 200, membersNamed ? projection : { ...projection, excludedAttributes: excluded });
}

/** RFC 7644 §3.14: If-None-Match with the current version answers 304 without a body. */
function notModifiedOr(ctx: ScimContext, rt: ResourceTypeDef, r: StoredResource): ScimResult {
  const ifNoneMatch = ctx.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === versionTag(r) || t.trim() === '*')) {
    return { status: 304, headers: { ETag: versionTag(r) } };
  }
  return resource(rt, ctx, r, 200);
}

function projectionOf(rt: ResourceTypeDef, ctx: ScimContext): Projection {
  return {
    attributes: parseAttributeList(rt, param(ctx.query, 'attributes'), 'attributes'),
    excludedAttributes: parseAttributeList(rt, param(ctx.query, 'excludedAttributes'), 'excludedAttributes'),
  };
}

/** Group members are read only when the projection keeps them (ENTRA-DIALECT item 11). */
function renderContext(rt: ResourceTypeDef, ctx: ScimContext, projection: Projection): RenderContext {
  const render: RenderContext = { baseUrl: ctx.baseUrl, projection };
  if (rt.name === 'Group' && wantsAttribute(rt, projection, { name: 'members' })) {
    const repo = ctx.services.resources(rt, ctx.principal.directoryId).repo;
    render.members = (groupId) => repo.members(groupId, MEMBER_PAGE);
  }
  return render;
}
