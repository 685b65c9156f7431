import { describe, expect, it } from 'vitest';
import { tenantBaseUrl } from '../../../shared/http/scim-route';

describe('tenantBaseUrl', () => {
  it.each<[string, string]>([
    ['http://localhost:7071/api/scim/v2/Users', 'http://localhost:7071/api/scim/v2'],
    ['http://localhost:7071/api/scim/v2/Users/2819c223-7f76-453a-919d-413861904646', 'http://localhost:7071/api/scim/v2'],
    ['http://localhost:7071/api/scim/v2', 'http://localhost:7071/api/scim/v2'],
    ['http://localhost:7071/api/scim/v2/', 'http://localhost:7071/api/scim/v2'],
    ['http://localhost:7071/api/scim/v2/ServiceProviderConfig', 'http://localhost:7071/api/scim/v2'],
    ['http://localhost:7071/api/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', 'http://localhost:7071/api/scim/v2'],
  ])('cuts %s after /scim/v2', (url, expected) => {
    expect(tenantBaseUrl(url)).toBe(expected);
  });

  describe('route prefixes', () => {
    it.each<[string, string]>([
      ['the default api prefix', 'https://roster.azurewebsites.net/api/scim/v2/Users'],
      ['no prefix', 'https://roster.azurewebsites.net/scim/v2/Users'],
      ['a custom prefix', 'https://roster.azurewebsites.net/directory/scim/v2/Users'],
      ['a nested prefix', 'https://roster.azurewebsites.net/a/b/c/scim/v2/Users'],
    ])('keeps %s', (_, url) => {
      expect(tenantBaseUrl(url)).toBe(url.slice(0, url.indexOf('/scim/v2') + '/scim/v2'.length));
    });
  });

  describe('case', () => {
    it('keeps the path as the client spelled it', () => {
      expect(tenantBaseUrl('http://localhost:7071/API/SCIM/V2/users')).toBe('http://localhost:7071/API/SCIM/V2');
      expect(tenantBaseUrl('http://localhost:7071/Api/Scim/V2/Users')).toBe('http://localhost:7071/Api/Scim/V2');
    });

    it('lower-cases the host, as URLs do', () => {
      expect(tenantBaseUrl('https://Roster.AzureWebsites.NET/api/scim/v2/Users')).toBe('https://roster.azurewebsites.net/api/scim/v2');
    });
  });

  describe('origin', () => {
    it.each<[string, string]>([
      ['https://roster.azurewebsites.net:443/api/scim/v2/Users', 'https://roster.azurewebsites.net/api/scim/v2'],
      ['http://127.0.0.1:8080/api/scim/v2/Users', 'http://127.0.0.1:8080/api/scim/v2'],
      ['http://[::1]:7071/api/scim/v2/Users', 'http://[::1]:7071/api/scim/v2'],
    ])('keeps scheme, host and a non-default port of %s', (url, expected) => {
      expect(tenantBaseUrl(url)).toBe(expected);
    });
  });

  describe('what follows the path', () => {
    it.each<[string, string]>([
      ['http://localhost/api/scim/v2/Users?filter=userName%20eq%20%22x%22', 'http://localhost/api/scim/v2'],
      ["http://localhost/api/scim/v2/Users?aadOptscim062020", 'http://localhost/api/scim/v2'],
      ['http://localhost/api/scim/v2?aadOptscim062020', 'http://localhost/api/scim/v2'],
      ['http://localhost/api/scim/v2/Users#fragment', 'http://localhost/api/scim/v2'],
    ])('drops the query and fragment of %s', (url, expected) => {
      expect(tenantBaseUrl(url)).toBe(expected);
    });

    it('stops at the first /scim/v2 when a later segment repeats it', () => {
      expect(tenantBaseUrl('http://localhost/api/scim/v2/Users/scim/v2/x')).toBe('http://localhost/api/scim/v2');
    });
  });

  describe('paths without a /scim/v2 segment', () => {
    it.each(['http://localhost/api/scim/v2x/Users', 'http://localhost/api/scim/v1/Users', 'http://localhost/api/xscim/v2', 'http://localhost/'])(
      'answer the bare origin for %s',
      (url) => {
        expect(tenantBaseUrl(url)).toBe(new URL(url).origin);
      },
    );
  });
});
