import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startAzurite } from '../../scripts/azurite';
import { startLocalHost } from '../../scripts/local-host/local-host';
import { installRegistrationCapture } from '../../scripts/local-host/registration-capture';
import { createDirectoryKey } from '../../shared/auth/directory-keys';
import { generateSigningKeySet } from '../../shared/auth/signing-keys';
import { getServices, resetServices, type Services } from '../../shared/http/services';
import type { KeyScope } from '../../shared/store/directory-store';
import { storageMetrics } from '../../shared/store/table-client';

export interface ScimReply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is, instead of JSON.stringify(body). */
  raw?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

export interface Harness {
  /** The Tenant URL, e.g. http://127.0.0.1:PORT/api/scim/v2 */
  tenantUrl: string;
  /** A read-write key of the `test` directory. */
  token: string;
  services: Services;
  /** Every line the functions logged through their InvocationContext. */
  logs: string[];
  request(method: string, path: string, opts?: RequestOptions): Promise<ScimReply>;
  /** Creates another directory with a key of the given scope and returns the token. */
  newDirectory(id: string, scope?: KeyScope): Promise<string>;
  /** Stops Azurite (storage outage); startStorage brings it back on the same port (with storageDir, the same data). */
  stopStorage(): Promise<void>;
  startStorage(): Promise<void>;
  stop(): Promise<void>;
}

const root = resolve(__dirname, '../..');

/** The management API's admin key in tests. */
export const ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789';

/**
 * Real parts end to end: an in-memory Azurite on free ports, the real function modules
 * registered through @azure/functions, and the local host serving them over HTTP.
 */
export async function startHarness(opts: { storageDir?: string } = {}): Promise<Harness> {
  let azurite = await startAzurite(opts.storageDir ? { location: opts.storageDir, tableOnly: true, silent: true } : { inMemory: true, tableOnly: true, silent: true });
  process.env.ROSTER_STORAGE_CONNECTION = azurite.connectionString;
  process.env.ROSTER_SIGNING_KEYS = generateSigningKeySet('test');
  delete process.env.ROSTER_SIGNING_KEY_FILE;
  // Tests drive thousands of requests from one key; rate limiting has its own tests.
  process.env.ROSTER_RATE_LIMIT_PER_SECOND = '100000';
  process.env.ROSTER_RATE_LIMIT_BURST = '1000000';
  process.env.ROSTER_ADMIN_KEY = ADMIN_KEY;
  resetServices();
  process.env.ROSTER_RECONCILE_SCHEDULE ||= '0 */30 * * * *';
  installRegistrationCapture();
  for (const file of readdirSync(join(root, 'functions')).filter((f) => f.endsWith('.ts'))) {
    await import(join(root, 'functions', file));
  }
  const logs: string[] = [];
  const host = await startLocalHost({ port: 0, log: (level, message) => logs.push(`${level}: ${message}`) });
  const services = await getServices();
  const newDirectory = async (id: string, scope: KeyScope = 'read-write') => {
    await services.directories.createDirectory({ id, displayName: id, created: new Date().toISOString() });
    return (await createDirectoryKey(services, id, { name: `${id} key`, scope })).token;
  };
  const token = await newDirectory('test');
  const tenantUrl = `${host.url}/api/scim/v2`;
  return {
    tenantUrl,
    token,
    services,
    logs,
    newDirectory,
    stopStorage: () => azurite.stop(),
    startStorage: async () => {
      azurite = await startAzurite({ ...(opts.storageDir ? { location: opts.storageDir } : { inMemory: true }), tableOnly: true, silent: true, tablePort: azurite.tablePort });
    },
    request: (method, path, opts = {}) => send(tenantUrl, token, method, path, opts),
    stop: async () => {
      await host.close();
      await azurite.stop().catch(() => undefined);
      resetServices();
    },
  };
}

async function send(tenantUrl: string, token: string, method: string, path: string, opts: RequestOptions): Promise<ScimReply> {
  const headers: Record<string, string> = { ...opts.headers };
  const bearer = opts.token === undefined ? token : opts.token;
  if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
  let body: string | undefined = opts.raw;
  if (body === undefined && opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/scim+json';
  }
  return toReply(await fetch(`${tenantUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(20_000) }));
}

/** A response read whole: status, headers, the text, and the body as JSON when it is JSON. */
export async function toReply(res: Response): Promise<ScimReply> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** What `fn` answers, and the storage round trips it cost. */
export async function roundTrips<T>(fn: () => Promise<T>): Promise<{ trips: number; reply: T }> {
  const before = storageMetrics.roundTrips;
  const reply = await fn();
  return { trips: storageMetrics.roundTrips - before, reply };
}
