import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpRequest, HttpResponse, type HttpResponseInit } from '@azure/functions';
import { createInvocationContext, logFailure, type HostLog } from './invocation';
import { registrations, type Registration } from './registration-capture';
import { parseRouteTemplate, selectRoute, withRoutePrefix, type RouteParams, type RouteTemplate } from './route-match';

export interface DispatchOptions {
  routePrefix: string;
  log: HostLog;
  /** Request bodies above this many bytes get 413. */
  maxBodyBytes: number;
}

interface HttpRoute {
  registration: Registration;
  template: RouteTemplate;
  methods?: readonly string[];
}

/**
 * The node:http listener that stands in for the Functions host: routes by the captured
 * registrations, hands the handler a real HttpRequest and InvocationContext, and writes back
 * what it returns. Registrations are read on every request, so late registrations are served.
 */
export function createDispatcher(options: DispatchOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const templates = new WeakMap<Registration, RouteTemplate | null>();
  const routeFor = (registration: Registration): HttpRoute | undefined => {
    if (!templates.has(registration)) templates.set(registration, compileRoute(registration, options));
    const template = templates.get(registration);
    return template ? { registration, template, methods: registration.methods } : undefined;
  };
  return (req, res) => {
    dispatch(req, res, routeFor, options).catch((error: unknown) => {
      options.log('error', `local host: failed to answer ${req.method} ${req.url}: ${String(error)}`);
      if (!res.headersSent) sendEmpty(res, 500);
      else res.destroy();
    });
  };
}

/** Validates every captured HTTP route now, so a bad template fails the start, not a request. */
export function assertRoutesValid(routePrefix: string): void {
  for (const registration of registrations().values()) {
    if (registration.kind !== 'http') continue;
    try {
      parseRouteTemplate(withRoutePrefix(routePrefix, registration.route ?? registration.name));
    } catch (error) {
      throw new Error(`Function "${registration.name}": ${(error as Error).message}`);
    }
  }
}

function compileRoute(registration: Registration, options: DispatchOptions): RouteTemplate | null {
  if (registration.kind !== 'http') return null;
  try {
    return parseRouteTemplate(withRoutePrefix(options.routePrefix, registration.route ?? registration.name));
  } catch (error) {
    options.log('error', `${registration.name}: not served: ${(error as Error).message}`);
    return null;
  }
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  routeFor: (r: Registration) => HttpRoute | undefined,
  options: DispatchOptions,
): Promise<void> {
  const url = requestUrl(req);
  const routes = [...registrations().values()].flatMap((r) => routeFor(r) ?? []);
  const selected = selectRoute(routes, req.method ?? 'GET', url.pathname);
  if (!selected) {
    req.resume();
    return sendEmpty(res, 404);
  }
  const body = await readBody(req, options.maxBodyBytes);
  if (body === 'too-large') return sendEmpty(res, 413, { connection: 'close' });
  const { registration } = selected.candidate;
  try {
    const request = toHttpRequest(req, url, body, selected.params);
    const result = await registration.handler(request, createInvocationContext(registration, options.log));
    await writeResult(res, result, req.method);
  } catch (error) {
    logFailure(options.log, registration, error);
    if (res.headersSent) return void res.destroy();
    sendText(res, 500, 'Internal Server Error');
  }
}

function requestUrl(req: IncomingMessage): URL {
  const local = `http://${req.socket.localAddress?.includes(':') ? `[${req.socket.localAddress}]` : req.socket.localAddress}:${req.socket.localPort}`;
  try {
    return new URL(req.url ?? '/', req.headers.host ? `http://${req.headers.host}` : local);
  } catch {
    return new URL(req.url ?? '/', local);
  }
}

/** The body as bytes, or 'too-large' once it passes `limit` (the rest is drained and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      return resolve('too-large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toHttpRequest(req: IncomingMessage, url: URL, body: Buffer, params: RouteParams): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new HttpRequest({ method: req.method ?? 'GET', url: url.href, headers, params, body: { bytes: body } });
}

const NOT_COPIED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie']);

/** Writes what the handler returned, the way the worker's toRpcHttp reads it. */
async function writeResult(res: ServerResponse, result: unknown, method: string | undefined): Promise<void> {
  // The host answers an HTTP function that returns nothing with an empty success.
  if (result === undefined || result === null) return sendEmpty(res, 204);
  if (typeof result !== 'object') throw new Error('The HTTP response must be an object with optional "body", "jsonBody", "status" and "headers".');
  const response = isResponse(result) ? result : new HttpResponse(result as HttpResponseInit);
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (!NOT_COPIED.has(name)) headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (response.status !== 204 && response.status !== 304) headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : body);
}

function isResponse(value: object): value is HttpResponse {
  if (value instanceof HttpResponse) return true;
  const candidate = value as Partial<HttpResponse>;
  return typeof candidate.arrayBuffer === 'function' && candidate.headers instanceof Headers && typeof candidate.status === 'number';
}

function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-length': '0' });
  res.end();
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
