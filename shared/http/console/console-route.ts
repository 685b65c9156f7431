import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ScimError } from '../../scim/errors';
import { consoleAuthInfo } from '../console-auth';
import { errorResponse } from '../responses';
import { getServices } from '../services';
import { consoleAssets, type Asset } from './assets';

/**
 * GET /api/console/…: the admin console's page and files, and config.json (the sign-in mode).
 * Public and static: every API call the page makes goes through the management API's
 * authorization. A strict Content-Security-Policy allows nothing from any other host.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export async function consoleRoute(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') throw ScimError.methodNotAllowed(`${method} is not supported on the console`, ['GET', 'HEAD']);
    const url = new URL(request.url);
    const name = request.params.path ?? '';
    // Relative links in the page need the trailing slash: /api/console -> /api/console/
    if (name === '' && !url.pathname.endsWith('/')) return { status: 308, headers: { Location: `${url.pathname}/${url.search}` } };
    if (name === 'config.json') return await config();
    const assets = consoleAssets();
    if (!assets) throw ScimError.unavailable('the console is not built: run `npm run build`', 60);
    const asset = assets.get(name === '' ? 'index.html' : name);
    if (!asset) return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }, body: `No console file at ${url.pathname}` };
    return serve(asset, request, method);
  } catch (e) {
    return errorResponse(e, context);
  }
}

function serve(asset: Asset, request: HttpRequest, method: string): HttpResponseInit {
  const headers: Record<string, string> = { 'Content-Type': asset.type, 'Cache-Control': 'no-cache', ETag: asset.etag, Vary: 'Accept-Encoding', ...SECURITY_HEADERS };
  if (request.headers.get('if-none-match')?.split(',').some((t) => t.trim() === asset.etag)) return { status: 304, headers };
  const gzip = asset.gzip && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
  const body = gzip ? asset.gzip! : asset.body;
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return { status: 200, headers, body: method === 'HEAD' ? undefined : body };
}

/** What the page needs before sign-in: whether App Service (Entra) sign-in is on. */
async function config(): Promise<HttpResponseInit> {
  const services = await getServices();
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...SECURITY_HEADERS },
    body: JSON.stringify(consoleAuthInfo(services.config)),
  };
}
