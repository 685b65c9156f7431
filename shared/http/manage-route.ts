import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorizeAdmin, type AdminIdentity } from './admin-key';
import { readJsonBody } from './read-json-body';
import { errorResponse, scimResponse, type ScimResult } from './responses';
import { getServices, type Services } from './services';

/** What a management handler sees. */
export interface ManageContext {
  method: string;
  /** The path below /manage, split on '/', URL-decoded. */
  segments: string[];
  query: URLSearchParams;
  /** The request URL (absolute), e.g. to render resource locations. */
  url: string;
  /** Who passed the management API's authorization. */
  admin: AdminIdentity;
  services: Services;
  json(): Promise<unknown>;
  /** A line in the function's log (the invocation's logger). */
  log(line: string): void;
}

export type ManageHandler = (ctx: ManageContext) => Promise<ScimResult>;

/** The management API's adapter: authorization first (admin-key.ts), JSON in and out, errors as SCIM error bodies. */
export function manageRoute(handler: ManageHandler) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      const services = await getServices();
      const admin = authorizeAdmin(request, services.config);
      const result = await handler({
        method: request.method.toUpperCase(),
        segments: (request.params.path ?? '').split('/').filter((s) => s !== ''),
        query: request.query,
        url: request.url,
        admin,
        services,
        json: () => readJsonBody(request, services.config.maxBodyBytes),
        log: (line) => context.log(line),
      });
      return scimResponse({ ...result, headers: { 'Content-Type': 'application/json', ...result.headers } });
    } catch (e) {
      return errorResponse(e, context);
    }
  };
}
