import { OAUTH_BEARER_TOKEN_SCHEME, resourceTypeById, resourceTypesList, schemaById, schemasList, serviceProviderConfig } from '../../scim/discovery';
import { MAX_BULK_OPERATIONS } from '../../scim/bulk/bulk-request';
import { ScimError } from '../../scim/errors';
import { CURSOR_TIMEOUT_SECONDS } from '../cursor';
import type { ScimContext, ScimHandler } from '../scim-route';

/** RFC 7644 §4: discovery is read-only; GET only. */
function readOnly(ctx: ScimContext, what: string): void {
  if (ctx.method !== 'GET') throw ScimError.methodNotAllowed(`${ctx.method} is not supported on /${what}`, ['GET']);
}

/** The token endpoint next to the Tenant URL: <base>/api/scim/v2 -> <base>/api/oauth/token. */
function tokenEndpoint(baseUrl: string): string {
  return baseUrl.replace(/\/scim\/v2$/i, '/oauth/token');
}

/**
 * RFC 7643 §5 with what Roster implements: PATCH, Bulk (limits enforced by the bulk handler),
 * filter, sort, ETags, and RFC 9865 `pagination` (index and cursor; index by default).
 */
export const serviceProviderConfigHandler: ScimHandler = async (ctx) => {
  readOnly(ctx, 'ServiceProviderConfig');
  const { maxPageSize, maxBodyBytes } = ctx.services.config;
  const { meta, ...config } = serviceProviderConfig({
    baseUrl: ctx.baseUrl,
    patch: true,
    bulk: { supported: true, maxOperations: MAX_BULK_OPERATIONS, maxPayloadSize: maxBodyBytes },
    filter: { supported: true, maxResults: maxPageSize },
    changePassword: false,
    sort: true,
    etag: true,
    authenticationSchemes: [
      OAUTH_BEARER_TOKEN_SCHEME,
      {
        type: 'oauth2',
        name: 'OAuth 2.0 client credentials',
        description: `A directory key's client id and secret exchanged at ${tokenEndpoint(ctx.baseUrl)} (client_secret_basic or client_secret_post) for a bearer token.`,
        specUri: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.4',
      },
    ],
  });
  const pagination = {
    cursor: true,
    index: true,
    defaultPaginationMethod: 'index',
    defaultPageSize: maxPageSize,
    maxPageSize,
    cursorTimeout: CURSOR_TIMEOUT_SECONDS,
  };
  return { status: 200, body: { ...config, pagination, meta } };
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
