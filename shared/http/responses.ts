import { RestError } from '@azure/data-tables';
import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { ScimError } from '../scim/errors';
import { JsonStream } from './json-stream';

export const SCIM_CONTENT_TYPE = 'application/scim+json';

export interface ScimResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function scimResponse(result: ScimResult): HttpResponseInit {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) return { status: result.status, headers };
  headers['Content-Type'] ??= SCIM_CONTENT_TYPE;
  const body = result.body instanceof JsonStream ? result.body.bytes() : JSON.stringify(result.body);
  return { status: result.status, headers, body };
}

/**
 * The one place errors become HTTP (house rule 3). ScimErrors carry their own status;
 * storage outages are 503 with Retry-After so Entra retries; anything else is a bug: logged
 * with the request's invocation id and answered with a generic 500.
 */
export function errorResponse(e: unknown, context: InvocationContext): HttpResponseInit {
  if (e instanceof ScimError) {
    return scimResponse({ status: e.status, body: e.toBody(), headers: { ...e.headers } });
  }
  if (e instanceof RestError && (e.statusCode === undefined || e.statusCode >= 500 || e.code === 'REQUEST_SEND_ERROR' || e.code === 'TableNotFound')) {
    context.error(`storage unavailable: ${e.code ?? ''} ${e.statusCode ?? ''} ${e.message}`);
    return errorResponse(ScimError.unavailable('storage is unavailable; retry later', 30), context);
  }
  context.error('unhandled error', e instanceof Error ? (e.stack ?? e.message) : String(e));
  const body = {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: '500',
    detail: `internal error (invocation ${context.invocationId})`,
  };
  return scimResponse({ status: 500, body });
}
