/**
 * The console's only way to the server: the management API, with the admin key (local
 * sign-in) or the App Service sign-in cookie (Azure), plus the SCIM request Test Connection
 * makes with a directory key. Errors carry the server's SCIM detail so pages can show it.
 */
const KEY_STORAGE = 'roster.adminKey';

/** `/api` when the console is served at /api/console/ (a different host.json routePrefix moves both). */
export const apiBase = location.pathname.replace(/\/console(\/.*)?$/, '');
export const tenantUrl = `${location.origin}${apiBase}/scim/v2`;

export interface ConsoleConfig {
  appService: boolean;
  loginUrl?: string;
  logoutUrl?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: string,
  ) {
    super(message);
  }
}

export function adminKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setAdminKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** Called when the server says the sign-in is gone (401), so the app can show the sign-in page. */
let onSignedOut: (reason: string) => void = () => undefined;
export function whenSignedOut(handler: (reason: string) => void): void {
  onSignedOut = handler;
}

export async function getConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) return { appService: false };
  return (await response.json()) as ConsoleConfig;
}

/** A management API call: `manage('GET', '/directories')`. */
export async function manage<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Roster-Console': '1' };
  const key = adminKey();
  // A custom header, not Authorization: App Service Authentication (Azure) leaves it alone.
  if (key) headers['X-Roster-Admin-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${apiBase}/manage${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, credentials: 'same-origin' });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The Roster server did not answer. Is it running?');
  }
  const payload = await readJson(response);
  if (!response.ok) {
    const error = toError(response.status, payload);
    if (response.status === 401) onSignedOut(error.message);
    throw error;
  }
  return payload as T;
}

/** Path segments are user data: always encoded. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toError(status: number, payload: unknown): ApiError {
  if (payload && typeof payload === 'object') {
    const p = payload as { detail?: unknown; scimType?: unknown };
    if (typeof p.detail === 'string') return new ApiError(status, p.detail, typeof p.scimType === 'string' ? p.scimType : undefined);
  }
  return new ApiError(status, `The server answered ${status}${typeof payload === 'string' && payload ? `: ${payload.slice(0, 200)}` : ''}`);
}

export function describe(e: unknown): string {
  if (e instanceof ApiError) return e.status ? `${e.message} (HTTP ${e.status}${e.scimType ? `, ${e.scimType}` : ''})` : e.message;
  return e instanceof Error ? e.message : String(e);
}

export interface ProbeResult {
  label: string;
  request: string;
  ok: boolean;
  status: number;
  ms: number;
  detail: string;
}

/**
 * Entra's Test Connection, as ENTRA sends it: a userName lookup of a random GUID that must
 * answer 200 with an empty ListResponse, then the same for groups. Same origin, so no CORS.
 */
export async function testConnection(token: string): Promise<ProbeResult[]> {
  const guid = crypto.randomUUID();
  const probes = [
    { label: 'Find a user by userName', query: `/Users?filter=${encodeURIComponent(`userName eq "${guid}"`)}` },
    { label: 'Find a group by displayName', query: `/Groups?filter=${encodeURIComponent(`displayName eq "${guid}"`)}&excludedAttributes=members` },
  ];
  const results: ProbeResult[] = [];
  for (const probe of probes) {
    const started = performance.now();
    let status = 0;
    let detail: string;
    let ok = false;
    try {
      const response = await fetch(`${tenantUrl}${probe.query}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/scim+json' }, credentials: 'omit' });
      status = response.status;
      const body = (await readJson(response)) as { totalResults?: unknown; detail?: unknown } | undefined;
      ok = response.ok && body?.totalResults === 0;
      detail = ok
        ? 'Answered 200 with an empty list, as Entra expects.'
        : typeof body?.detail === 'string'
          ? body.detail
          : `unexpected answer ${status}`;
    } catch {
      detail = 'no answer from the server';
    }
    results.push({ label: probe.label, request: `GET ${tenantUrl}${decodeURIComponent(probe.query)}`, ok, status, ms: Math.round(performance.now() - started), detail });
    if (!ok) break;
  }
  return results;
}
