import { CliError } from './cli-error';
import type { ApiRequest } from './command';
import type { Target } from './resolve-target';

export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * One call of the management API (`<base>/api/manage/<path>`) with the admin key as a Bearer
 * token; resolves with the answer's JSON. Every failure becomes a one-line CliError: the API's
 * `detail` when it sent one, else what went wrong on the way.
 */
export async function callManageApi(target: Target, request: ApiRequest, fetchImpl: typeof fetch = fetch, timeoutMs = REQUEST_TIMEOUT_MS): Promise<unknown> {
  const url = `${target.baseUrl}/api/manage/${request.path}`;
  const headers: Record<string, string> = { 'X-Roster-Admin-Key': target.adminKey, Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (e) {
    throw CliError.unreachable(unreachableMessage(target, e, timeoutMs));
  }
  const json = parseJson(text);
  if (!response.ok) throw CliError.api(response.status, refusalMessage(target, url, response, json));
  if (json === undefined) throw CliError.api(response.status, `${url} answered ${response.status} without JSON: is this a Roster deployment?`);
  return json;
}

function refusalMessage(target: Target, url: string, response: Response, json: unknown): string {
  const detail = json && typeof json === 'object' && 'detail' in json && typeof json.detail === 'string' ? oneLine(json.detail) : undefined;
  if (!detail) return `${url} answered ${response.status} ${response.statusText}`.trimEnd() + ': is this a Roster deployment?';
  return response.status === 401 ? `${detail} (admin key from ${target.keySource})` : detail;
}

function unreachableMessage(target: Target, error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `${target.baseUrl} did not answer within ${timeoutMs / 1000} s`;
  // Node's fetch wraps the socket error; for localhost it may be an AggregateError over ::1 and 127.0.0.1.
  const code = e.cause?.code ?? e.cause?.errors?.find((x) => x.code)?.code;
  if (code === 'ECONNREFUSED') {
    return target.local ? `cannot reach ${target.baseUrl}: is \`npm start\` running?` : `cannot reach ${target.baseUrl}: connection refused`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot reach ${target.baseUrl}: host ${new URL(target.baseUrl).hostname} not found`;
  return `cannot reach ${target.baseUrl}: ${oneLine(code ?? e.cause?.message ?? e.message)}`;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
