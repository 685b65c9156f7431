import { OAUTH_BEARER_TOKEN_SCHEME, resourceTypeById, resourceTypesList, schemaById, schemasList, serviceProviderConfig } from '../../scim/discovery';
import { ScimError } from '../../scim/errors';
import type { ScimContext, ScimHandler } from '../scim-route';

/** RFC 7644 §4: discovery is read-only; GET only. */
function readOnly(ctx: ScimContext, what: string): void {
  if (ctx.method !== 'GET') throw ScimError.methodNotAllowed(`${ctx.method} is not supported on /${what}`, ['GET']);
}

/** The token endpoint next to the Tenant URL: <base>/api/scim/v2 -> <base>/api/oauth/token. */
function tokenEndpoint(baseUrl: string): string {
  return baseUrl.replace(/\/scim\/v2$/i, '/oauth/token');
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
