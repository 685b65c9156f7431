import { resourceTypeById, resourceTypesList, schemaById, schemasList, serviceProviderConfig } from '../../scim/discovery';
import { ScimError } from '../../scim/errors';
import type { ScimContext, ScimHandler } from '../scim-route';

/** RFC 7644 §4: discovery is read-only; GET only. */
function readOnly(ctx: ScimContext, what: string): void {
  if (ctx.method !== 'GET') throw ScimError.methodNotAllowed(`${ctx.method} is not supported on /${what}`, ['GET']);
}

export const serviceProviderConfigHandler: ScimHandler = async (ctx) => {
  readOnly(ctx, 'ServiceProviderConfig');
  const body = serviceProviderConfig({
    baseUrl: ctx.baseUrl,
    patch: true,
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: ctx.services.config.maxPageSize },
    changePassword: false,
    sort: false,
    etag: true,
  });
  return { status: 200, body };
};

export const resourceTypesHandler: ScimHandler = async (ctx) => {
  readOnly(ctx, 'ResourceTypes');
  const id = ctx.params.id;
  if (!id) return { status: 200, body: resourceTypesList(ctx.baseUrl) };
  const body = resourceTypeById(ctx.baseUrl, id);
  if (!body) throw ScimError.notFound(`no resource type ${JSON.stringify(id)}; see /ResourceTypes`);
  return { status: 200, body };
};

export const schemasHandler: ScimHandler = async (ctx) => {
  readOnly(ctx, 'Schemas');
  const id = ctx.params.id;
  if (!id) return { status: 200, body: schemasList(ctx.baseUrl) };
  const body = schemaById(ctx.baseUrl, id);
  if (!body) throw ScimError.notFound(`no schema ${JSON.stringify(id)}; see /Schemas`);
  return { status: 200, body };
};
