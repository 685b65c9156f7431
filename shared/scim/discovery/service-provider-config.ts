import { trimBaseUrl } from './base-url';

export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

/** RFC 7643 §5, authenticationSchemes: one supported way to authenticate. */
export interface AuthenticationScheme {
  type: 'oauth' | 'oauth2' | 'oauthbearertoken' | 'httpbasic' | 'httpdigest';
  name: string;
  description: string;
  specUri?: string;
  documentationUri?: string;
  primary?: boolean;
}

/** Roster's directory keys (and Entra-issued tokens) are OAuth 2.0 bearer tokens (RFC 6750). */
export const OAUTH_BEARER_TOKEN_SCHEME: AuthenticationScheme = {
  type: 'oauthbearertoken',
  name: 'OAuth Bearer Token',
  description: 'Authentication with a bearer token: a directory key or an Entra-issued access token.',
  specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
  primary: true,
};

/** The feature flags are the caller's decision; this module only shapes them. */
export interface ServiceProviderConfigOptions {
  baseUrl: string;
  documentationUri?: string;
  patch: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: boolean;
  sort: boolean;
  etag: boolean;
  /** Defaults to the OAuth bearer token scheme alone. */
  authenticationSchemes?: AuthenticationScheme[];
}

/** RFC 7643 §5 / RFC 7644 §4: the `/ServiceProviderConfig` resource. */
export function serviceProviderConfig(opts: ServiceProviderConfigOptions): Record<string, unknown> {
  const config: Record<string, unknown> = { schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA] };
  if (opts.documentationUri !== undefined) config.documentationUri = opts.documentationUri;
  Object.assign(config, {
    patch: { supported: opts.patch },
    bulk: { ...opts.bulk },
    filter: { ...opts.filter },
    changePassword: { supported: opts.changePassword },
    sort: { supported: opts.sort },
    etag: { supported: opts.etag },
    authenticationSchemes: (opts.authenticationSchemes ?? [OAUTH_BEARER_TOKEN_SCHEME]).map((s) => ({ ...s })),
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${trimBaseUrl(opts.baseUrl)}/ServiceProviderConfig`,
    },
  });
  return config;
}
