import { ScimError } from '../../scim/errors';
import { listResponse } from '../../scim/list-response';
import { parsePatchRequest } from '../../scim/patch/parse-patch-request';
import { parseAttributeList, projectResource } from '../../scim/projection';
import type { StoredResource } from '../../scim/repository';
import type { ResourceTypeDef } from '../../scim/schema/types';
import { resourceLocation, withMeta } from '../../scim/service/resource-view';
import { versionTag } from '../../scim/service/version-tag';
import { param, parseListParams } from '../list-params';
import type { ScimResult } from '../responses';
import type { ScimContext, ScimHandler } from '../scim-route';

const ITEM_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE'];
const COLLECTION_METHODS = ['GET', 'POST'];

/** /Users and /Users/{id} (later /Groups): RFC 7644 §3.3-3.6 over the resource service. */
export function resourceHandler(rt: ResourceTypeDef): ScimHandler {
  return async (ctx) => {
    const id = ctx.params.id;
    const service = ctx.services.resources(rt, ctx.principal.directoryId);
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
        return resource(rt, ctx, await service.patch(id, parsePatchRequest(await ctx.json()), ifMatch), 200);
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
  const projection = projectionOf(rt, ctx);
  const service = ctx.services.resources(rt, ctx.principal.directoryId);
  const result = await service.list({ ...params, baseUrl: ctx.baseUrl });
  const resources = result.resources.map((r) => projectResource(rt, withMeta(rt, r, ctx.baseUrl), projection));
  return {
    status: 200,
    body: listResponse(resources, { totalResults: result.totalResults, startIndex: result.startIndex, itemsPerPage: resources.length }),
  };
}

function resource(rt: ResourceTypeDef, ctx: ScimContext, r: StoredResource, status: number): ScimResult {
  const headers: Record<string, string> = { ETag: versionTag(r) };
  if (status === 201) headers.Location = resourceLocation(rt, r.id, ctx.baseUrl);
  return { status, headers, body: projectResource(rt, withMeta(rt, r, ctx.baseUrl), projectionOf(rt, ctx)) };
}

/** RFC 7644 §3.14: If-None-Match with the current version answers 304 without a body. */
function notModifiedOr(ctx: ScimContext, rt: ResourceTypeDef, r: StoredResource): ScimResult {
  const ifNoneMatch = ctx.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === versionTag(r) || t.trim() === '*')) {
    return { status: 304, headers: { ETag: versionTag(r) } };
  }
  return resource(rt, ctx, r, 200);
}

function projectionOf(rt: ResourceTypeDef, ctx: ScimContext) {
  return {
    attributes: parseAttributeList(rt, param(ctx.query, 'attributes')),
    excludedAttributes: parseAttributeList(rt, param(ctx.query, 'excludedAttributes')),
  };
}
