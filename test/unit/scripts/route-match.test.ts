import { describe, expect, it } from 'vitest';
import {
  matchRoute,
  parseRouteTemplate,
  selectRoute,
  withRoutePrefix,
  type RouteCandidate,
} from '../../../scripts/local-host/route-match';

const match = (template: string, path: string) => matchRoute(parseRouteTemplate(template), path);

describe('matchRoute', () => {
  it('matches literal segments case-insensitively', () => {
    expect(match('api/scim/v2/Users', '/API/Scim/V2/users')).toEqual({});
  });

  it('ignores a trailing slash', () => {
    expect(match('api/scim/v2/Users', '/api/scim/v2/Users/')).toEqual({});
  });

  it('does not match a longer or a shorter path', () => {
    expect(match('api/scim/v2/Users', '/api/scim/v2/Users/1')).toBeUndefined();
    expect(match('api/scim/v2/Users', '/api/scim/v2')).toBeUndefined();
  });

  it('captures a parameter', () => {
    expect(match('api/items/{id}', '/api/items/42')).toEqual({ id: '42' });
  });

  it('captures an optional parameter when present and leaves it out when absent', () => {
    expect(match('api/scim/v2/Users/{id?}', '/api/scim/v2/Users/abc')).toEqual({ id: 'abc' });
    expect(match('api/scim/v2/Users/{id?}', '/api/scim/v2/Users')).toEqual({});
  });

  it('uses a default value for a missing parameter', () => {
    expect(match('api/items/{page=1}', '/api/items')).toEqual({ page: '1' });
  });

  it('captures the rest of the path in a catch-all, including nothing', () => {
    expect(match('api/files/{*rest}', '/api/files/a/b/c.txt')).toEqual({ rest: 'a/b/c.txt' });
    expect(match('api/files/{**rest}', '/api/files/a/b')).toEqual({ rest: 'a/b' });
    expect(match('api/files/{*rest}', '/api/files')).toEqual({});
  });

  it('percent-decodes parameters but keeps an encoded slash encoded, as the host does', () => {
    expect(match('api/users/{name}', '/api/users/alice%23EXT%23%40contoso.com')).toEqual({ name: 'alice#EXT#@contoso.com' });
    expect(match('api/users/{name}', '/api/users/a%2Fb%20c')).toEqual({ name: 'a%2Fb c' });
  });

  it.each([
    ['guid', '{id:guid}', '6f1c2f3e-8a6b-4a83-9d7a-3d6f0a8b1c2d', 'not-a-guid'],
    ['guid without hyphens', '{id:guid}', '6f1c2f3e8a6b4a839d7a3d6f0a8b1c2d', '6f1c2f3e8a6b4a839d7a3d6f0a8b1c2'],
    ['int', '{n:int}', '-12', '1.5'],
    ['int range', '{n:int}', '2147483647', '2147483648'],
    ['alpha', '{x:alpha}', 'Users', 'Users1'],
  ])('checks the %s constraint', (_name, param, good, bad) => {
    expect(match(`api/${param}`, `/api/${good}`)).toBeDefined();
    expect(match(`api/${param}`, `/api/${bad}`)).toBeUndefined();
  });

  it('accepts but does not check an unknown constraint', () => {
    expect(match('api/{code:length(3)}', '/api/abcdef')).toEqual({ code: 'abcdef' });
  });

  it('handles an optional constrained parameter', () => {
    expect(match('api/{n:int?}', '/api')).toEqual({});
    expect(match('api/{n:int?}', '/api/7')).toEqual({ n: '7' });
    expect(match('api/{n:int?}', '/api/x')).toBeUndefined();
  });
});

describe('parseRouteTemplate', () => {
  it.each([
    ['a catch-all before the end', 'api/{*rest}/more'],
    ['an optional parameter before the end', 'api/{id?}/more'],
    ['a complex segment', 'api/{a}.{b}'],
    ['an unclosed brace', 'api/{id'],
  ])('rejects %s', (_name, template) => {
    expect(() => parseRouteTemplate(template)).toThrow(/Invalid route/);
  });
});

describe('withRoutePrefix', () => {
  it('joins the prefix and the route', () => {
    expect(withRoutePrefix('api', 'scim/v2/Users')).toBe('api/scim/v2/Users');
    expect(withRoutePrefix('/api/', '/scim')).toBe('api/scim');
  });

  it('allows an empty prefix', () => {
    expect(withRoutePrefix('', 'scim/v2/Users')).toBe('scim/v2/Users');
  });
});

describe('selectRoute', () => {
  const route = (name: string, template: string, methods?: string[]) => ({ name, template: parseRouteTemplate(template), methods });
  const pick = (candidates: (RouteCandidate & { name: string })[], method: string, path: string) =>
    selectRoute(candidates, method, path)?.candidate.name;

  it('prefers a literal segment to a parameter and a parameter to a catch-all', () => {
    const routes = [
      route('fallback', 'api/scim/v2/{*rest}'),
      route('param', 'api/scim/v2/{resource}/{id}'),
      route('users', 'api/scim/v2/Users/{id?}'),
    ];
    expect(pick(routes, 'GET', '/api/scim/v2/Users/1')).toBe('users');
    expect(pick(routes, 'GET', '/api/scim/v2/Users')).toBe('users');
    expect(pick(routes, 'GET', '/api/scim/v2/Groups/1')).toBe('param');
    expect(pick(routes, 'GET', '/api/scim/v2/Nope')).toBe('fallback');
  });

  it('prefers a constrained parameter to an unconstrained one', () => {
    const routes = [route('any', 'api/items/{id}'), route('number', 'api/items/{id:int}')];
    expect(pick(routes, 'GET', '/api/items/5')).toBe('number');
    expect(pick(routes, 'GET', '/api/items/x')).toBe('any');
  });

  it('breaks ties by registration order', () => {
    const routes = [route('first', 'api/{a}'), route('second', 'api/{b}')];
    expect(pick(routes, 'GET', '/api/x')).toBe('first');
  });

  it('skips a route whose methods do not include the request method', () => {
    const routes = [route('users', 'api/Users/{id?}', ['GET', 'POST']), route('fallback', 'api/{*rest}')];
    expect(pick(routes, 'post', '/api/Users')).toBe('users');
    expect(pick(routes, 'DELETE', '/api/Users/1')).toBe('fallback');
    expect(pick(routes.slice(0, 1), 'DELETE', '/api/Users/1')).toBeUndefined();
  });

  it('treats a missing method list as every method', () => {
    expect(pick([route('any', 'api/x')], 'PATCH', '/api/x')).toBe('any');
  });

  it('returns the params of the chosen route', () => {
    expect(selectRoute([route('users', 'api/Users/{id?}')], 'GET', '/api/Users/42')?.params).toEqual({ id: '42' });
  });
});
