import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { Principal } from '../auth/authenticator';
import { ScimError } from '../scim/errors';
import { readJsonBody } from './read-json-body';
import { errorResponse, scimResponse, type ScimResult } from './responses';
import { getServices, type Services } from './services';

/** What a SCIM handler sees: parsed request parts, never the Functions HttpRequest. */
export interface ScimContext {
  method: string;
  params: Readonly<Record<string, string | undefined>>;
  query: URLSearchParams;
  header(name: string): string | undefined;
  /** The Tenant URL this request came in on, e.g. http://localhost:7071/api/scim/v2 */
  baseUrl: string;
  principal: Principal;
  /** This invocation's id, recorded with every change it makes. */
  requestId: string;
  services: Services;
  /** The body as JSON, after content-type and size checks (400/413/415 otherwise). */
  json(): Promise<unknown>;
}

export type ScimHandler = (ctx: ScimContext) => Promise<ScimResult>;

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The one adapter between the Functions host and the SCIM core (DESIGN.md §2):
 * authenticate, hand the request to the handler, map the result or the error.
 */
export function scimRoute(handler: ScimHandler) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    let counted: ((status: number) => void) | undefined;
    const answer = (response: HttpResponseInit) => {
      counted?.(response.status ?? 200);
      return response;
    };
    try {
      const services = await getServices();
      const principal = await services.authenticator.authenticate(request.headers.get('authorization'));
      counted = (status) => services.requestStats.record(principal.directoryId, isError(status));
      services.rateLimiter.take(principal.keyId, principal.rateLimit ?? services.config.rateLimit);
      const method = request.method.toUpperCase();
      if (principal.scope === 'read-only' && !READ_METHODS.has(method) && !isSearch(request)) {
        throw ScimError.forbidden('this directory key is read-only');
      }
      const ctx: ScimContext = {
        method,
        params: request.params,
        query: request.query,
        header: (name) => request.headers.get(name) ?? undefined,
        baseUrl: tenantBaseUrl(request.url),
        principal,
        requestId: context.invocationId,
        services,
        json: () => readJsonBody(request, services.config.maxBodyBytes),
      };
      return answer(scimResponse(await handler(ctx)));
    } catch (e) {
      return answer(errorResponse(e, context));
    }
  };
}

/** What counts as an error for provisioning health: any 4xx/5xx but a plain 404 (Entra's lookups meet those). */
function isError(status: number): boolean {
  return status >= 400 && status !== 404;
}

/** POST /.search reads; a read-only key may use it (RFC 7644 §3.4.3). */
function isSearch(request: HttpRequest): boolean {
  return request.method.toUpperCase() === 'POST' && /\/\.search$/i.test(new URL(request.url).pathname);
}

/** Everything up to and including `/scim/v2` of the request URL. */
export function tenantBaseUrl(url: string): string {
  const u = new URL(url);
  const match = /^(.*?\/scim\/v2)(?:\/|$)/i.exec(u.pathname);
  return `${u.origin}${match ? match[1] : ''}`;
}
