import { ScimError } from '../../scim/errors';
import { parsePatchRequest } from '../../scim/patch/parse-patch-request';
import { parseAttributeList, type Projection } from '../../scim/projection';
import type { StoredResource } from '../../scim/repository';
import type { ResourceTypeDef } from '../../scim/schema/types';
import { resourceLocation } from '../../scim/service/resource-view';
import { versionTag } from '../../scim/service/version-tag';
import { param } from '../list-params';
import { answerList, renderContext } from '../list-request';
import { renderResource } from '../render-resource';
import type { ScimResult } from '../responses';
import type { ScimContext, ScimHandler } from '../scim-route';
import { search } from './search';

const ITEM_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE'];
const COLLECTION_METHODS = ['GET', 'POST'];

/** /Users, /Groups, their /{id} and /.search: RFC 7644 §3.3-3.6 over the resource services. */
export function resourceHandler(rt: ResourceTypeDef): ScimHandler {
  return async (ctx) => {
    const id = ctx.params.id;
    const service = ctx.services.resources(rt, ctx.principal.directoryId, { keyId: ctx.principal.keyId, requestId: ctx.requestId });
    const ifMatch = ctx.header('if-match');
    if (id === undefined || id === '') {
      if (ctx.method === 'GET') return answerList(ctx, rt, (name) => param(ctx.query, name));
      if (ctx.method === 'POST') {
        const projection = projectionOf(rt, ctx);
        return resource(rt, ctx, await service.create(await ctx.json()), 201, projection);
      }
      throw ScimError.methodNotAllowed(`${ctx.method} is not supported on ${rt.endpoint}`, COLLECTION_METHODS);
    }
    if (id === '.search') return search(ctx, rt);
    // Parsed before any write, so a bad attributes parameter changes nothing.
    const projection = projectionOf(rt, ctx);
    switch (ctx.method) {
      case 'GET':
        return notModifiedOr(ctx, rt, await service.get(id), projection);
      case 'PUT':
        return resource(rt, ctx, await service.replace(id, await ctx.json(), ifMatch), 200, projection);
      case 'PATCH':
        return patched(rt, ctx, await service.patch(id, parsePatchRequest(await ctx.json()), ifMatch), projection);
      case 'DELETE':
        await service.delete(id, ifMatch);
        return { status: 204 };
      default:
        throw ScimError.methodNotAllowed(`${ctx.method} is not supported on ${rt.endpoint}/{id}`, ITEM_METHODS);
    }
  };
}

function resource(rt: ResourceTypeDef, ctx: ScimContext, r: StoredResource, status: number, projection: Projection): ScimResult {
  const headers: Record<string, string> = { ETag: versionTag(r) };
  if (status === 201) headers.Location = resourceLocation(rt, r.id, ctx.baseUrl);
  return { status, headers, body: renderResource(rt, r, renderContext(ctx, rt, projection)) };
}

/**
 * A user PATCH answers 200 with the user (ENTRA-DIALECT). A group PATCH answers 204 unless the
 * client asked for attributes, and then without members unless it named them: a member PATCH
 * must never echo a giant member list (ENTRA-DIALECT item 6).
 */
function patched(rt: ResourceTypeDef, ctx: ScimContext, r: StoredResource, projection: Projection): ScimResult {
  if (rt.name !== 'Group') return resource(rt, ctx, r, 200, projection);
  if (!projection.attributes && !projection.excludedAttributes) return { status: 204, headers: { ETag: versionTag(r) } };
  const membersNamed = (projection.attributes ?? []).some((p) => p.name.toLowerCase() === 'members');
  const excluded = [...(projection.excludedAttributes ?? []), { name: 'members' }];
  return resource(rt, ctx, r, 200, membersNamed ? projection : { ...projection, excludedAttributes: excluded });
}

/** RFC 7644 §3.14: If-None-Match with the current version answers 304 without a body. */
function notModifiedOr(ctx: ScimContext, rt: ResourceTypeDef, r: StoredResource, projection: Projection): ScimResult {
  const ifNoneMatch = ctx.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === versionTag(r) || t.trim() === '*')) {
    return { status: 304, headers: { ETag: versionTag(r) } };
  }
  return resource(rt, ctx, r, 200, projection);
}

function projectionOf(rt: ResourceTypeDef, ctx: ScimContext): Projection {
  return {
    attributes: parseAttributeList(rt, param(ctx.query, 'attributes'), 'attributes'),
    excludedAttributes: parseAttributeList(rt, param(ctx.query, 'excludedAttributes'), 'excludedAttributes'),
  };
}
