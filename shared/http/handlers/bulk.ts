import { parseBulkRequest, MAX_BULK_OPERATIONS } from '../../scim/bulk/bulk-request';
import { runBulk, type BulkExecutor, type ResolvedOperation } from '../../scim/bulk/run-bulk';
import { ScimError } from '../../scim/errors';
import { parsePatchRequest } from '../../scim/patch/parse-patch-request';
import { RESOURCE_TYPES } from '../../scim/schema/resource-types';
import type { ResourceTypeDef } from '../../scim/schema/types';
import { resourceLocation } from '../../scim/service/resource-view';
import { versionTag } from '../../scim/service/version-tag';
import type { ScimContext, ScimHandler } from '../scim-route';

/**
 * POST /Bulk (RFC 7644 §3.7). The body is read under the same size limit as any request
 * (advertised as bulk.maxPayloadSize; larger is 413), at most MAX_BULK_OPERATIONS operations
 * (more is 413). Every operation goes through the same services as its own request would,
 * member checks, ETags (`version` as If-Match) and uniqueness included; a read-only key never
 * gets here (403 in scimRoute).
 */
export const bulkHandler: ScimHandler = async (ctx) => {
  if (ctx.method !== 'POST') throw ScimError.methodNotAllowed(`${ctx.method} is not supported on /Bulk; POST a BulkRequest`, ['POST']);
  const request = parseBulkRequest(await ctx.json(), MAX_BULK_OPERATIONS);
  return { status: 200, body: await runBulk(request, executor(ctx)) };
};

function executor(ctx: ScimContext): BulkExecutor {
  const actor = { keyId: ctx.principal.keyId, requestId: ctx.requestId };
  return async (op) => {
    const { rt, id } = target(op);
    const service = ctx.services.resources(rt, ctx.principal.directoryId, actor);
    const location = (resourceId: string) => resourceLocation(rt, resourceId, ctx.baseUrl);
    switch (op.method) {
      case 'POST': {
        const r = await service.create(op.data);
        return { status: 201, id: r.id, location: location(r.id), version: versionTag(r) };
      }
      case 'PUT': {
        const r = await service.replace(id!, op.data, op.version);
        return { status: 200, location: location(r.id), version: versionTag(r) };
      }
      case 'PATCH': {
        const r = await service.patch(id!, parsePatchRequest(op.data), op.version);
        return { status: rt.name === 'Group' ? 204 : 200, location: location(r.id), version: versionTag(r) };
      }
      case 'DELETE':
        await service.delete(id!, op.version);
        return { status: 204, location: location(id!) };
    }
  };
}

/** `/Users` or `/Groups` for POST, `/Users/{id}` or `/Groups/{id}` for the others. */
function target(op: ResolvedOperation): { rt: ResourceTypeDef; id?: string } {
  const [endpoint = '', rawId, ...rest] = op.path.trim().replace(/^\/+/, '').split('/');
  const rt = RESOURCE_TYPES.find((t) => t.endpoint.slice(1).toLowerCase() === endpoint.toLowerCase());
  const id = rawId === undefined || rawId === '' ? undefined : safeDecode(rawId);
  const wantsId = op.method !== 'POST';
  if (!rt || rest.length > 0 || (id !== undefined) !== wantsId) {
    const form = wantsId ? '"/Users/{id}" or "/Groups/{id}"' : '"/Users" or "/Groups"';
    throw ScimError.invalidValue(`path ${JSON.stringify(op.path)}: ${op.method} needs ${form}`);
  }
  return id === undefined ? { rt } : { rt, id };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
