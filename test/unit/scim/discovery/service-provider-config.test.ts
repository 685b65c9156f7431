import { describe, expect, it } from 'vitest';
import { OAUTH_BEARER_TOKEN_SCHEME, serviceProviderConfig } from '../../../../shared/scim/discovery/service-provider-config';

const BASE = 'https://roster.example/api/scim/v2/';

function nulls(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value as object).flatMap(([k, v]) => nulls(v, `${path}.${k}`));
}

describe('serviceProviderConfig', () => {
  const config = serviceProviderConfig({
    baseUrl: BASE,
    patch: true,
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: false,
    sort: false,
    etag: true,
  });

  it('publishes the caller’s feature flags in RFC 7643 §5 form', () => {
    expect(config).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [OAUTH_BEARER_TOKEN_SCHEME],
      meta: { resourceType: 'ServiceProviderConfig', location: 'https://roster.example/api/scim/v2/ServiceProviderConfig' },
    });
  });

  it('names an oauthbearertoken scheme', () => {
    expect(config.authenticationSchemes).toEqual([expect.objectContaining({ type: 'oauthbearertoken', primary: true })]);
  });

  it('has no null values', () => {
    expect(nulls(config)).toEqual([]);
  });
});
