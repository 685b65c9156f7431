import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { parseClientId, verifyClientSecret } from '../../auth/client-secret';
import { tokenFor } from '../../auth/directory-keys';
import { RateLimiter } from '../../auth/rate-limiter';
import { ScimError } from '../../scim/errors';
import { errorResponse } from '../responses';
import { getServices, type Services } from '../services';

/**
 * Token requests per client id and instance: scrypt is deliberately slow, so guesses are too.
 * A limiter of its own, so made-up client ids can never evict a directory key's bucket.
 */
const TOKEN_RATE = { perSecond: 2, burst: 10 };
const tokenRequests = new RateLimiter();
const MAX_FORM_BYTES = 8192;

/** RFC 6749 §5.2 error codes. */
type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    description: string,
    readonly status = 400,
    readonly basic = false,
  ) {
    super(description);
  }
}

/**
 * POST /api/oauth/token: the OAuth 2.0 client credentials grant (RFC 6749 §4.4) for directory
 * keys, with client_secret_basic or client_secret_post. The access token is a directory-key
 * token that expires after ROSTER_OAUTH_TOKEN_MINUTES, verified like any other.
 */
export async function oauthToken(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const services = await getServices();
    const form = await readForm(request);
    const client = clientCredentials(request, form);
    const grant = form.get('grant_type');
    if (!grant) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grant !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'grant_type must be client_credentials');
    tokenRequests.take(client.id, TOKEN_RATE);
    const { token, expiresIn } = await issue(services, client);
    return json(200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
  } catch (e) {
    if (e instanceof ScimError && e.status === 429) return json(429, { error: 'temporarily_unavailable', error_description: e.detail }, { ...e.headers });
    if (!(e instanceof OAuthError)) return errorResponse(e, context);
    const headers: Record<string, string> = e.basic ? { 'WWW-Authenticate': 'Basic realm="roster"' } : {};
    if (e.status === 405) headers.Allow = 'POST';
    return json(e.status, { error: e.code, error_description: e.message }, headers);
  }
}

async function issue(services: Services, client: { id: string; secret: string; basic: boolean }): Promise<{ token: string; expiresIn: number }> {
  const refused = new OAuthError('invalid_client', 'client authentication failed', 401, client.basic);
  const ids = parseClientId(client.id);
  const record = ids && (await services.directories.getKey(ids.directoryId, ids.keyId));
  const now = Date.now();
  if (!record?.secretHash || record.revoked || (record.expires && Date.parse(record.expires) <= now)) throw refused;
  if (record.secretExpires && Date.parse(record.secretExpires) <= now) throw refused;
  if (!(await services.authenticator.directory(record.directoryId))) throw refused;
  if (!(await verifyClientSecret(client.secret, record.secretHash))) throw refused;
  const expiresAt = new Date(now + services.config.oauthTokenMinutes * 60_000);
  const token = await tokenFor(services, record, expiresAt);
  const until = record.expires && Date.parse(record.expires) < expiresAt.getTime() ? Date.parse(record.expires) : expiresAt.getTime();
  return { token, expiresIn: Math.floor((until - now) / 1000) };
}

/** RFC 6749 §4.4.2: the request is application/x-www-form-urlencoded. */
async function readForm(request: HttpRequest): Promise<URLSearchParams> {
  if (request.method.toUpperCase() !== 'POST') throw new OAuthError('invalid_request', 'use POST', 405);
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded');
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_FORM_BYTES) throw new OAuthError('invalid_request', `the body is larger than ${MAX_FORM_BYTES} bytes`);
  return new URLSearchParams(bytes.toString('utf8'));
}

/** client_secret_basic (RFC 6749 §2.3.1, form-encoded id and secret) or client_secret_post; never both. */
function clientCredentials(request: HttpRequest, form: URLSearchParams): { id: string; secret: string; basic: boolean } {
  const header = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(request.headers.get('authorization') ?? '');
  const posted = form.get('client_id') !== null || form.get('client_secret') !== null;
  if (header && posted) throw new OAuthError('invalid_request', 'use one client authentication method, not both');
  if (header) {
    const decoded = Buffer.from(header[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'malformed Basic credentials', 401, true);
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)), basic: true };
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  if (!id || !secret) throw new OAuthError('invalid_client', 'client_id and client_secret are required', 401, !posted);
  return { id, secret, basic: false };
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError('invalid_client', 'malformed Basic credentials', 401, true);
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers },
    body: JSON.stringify(body),
  };
}

