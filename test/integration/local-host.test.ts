import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app, HttpResponse, type HttpRequest, type InvocationContext, type Timer } from '@azure/functions';
import { startLocalHost, type LocalHost } from '../../scripts/local-host/local-host';
import { installRegistrationCapture, registrations } from '../../scripts/local-host/registration-capture';
import type { HostLogLevel } from '../../scripts/local-host/invocation';

// The capture must be in place before the first app.http call.
installRegistrationCapture();

const describeRequest = async (request: HttpRequest, context: InvocationContext) => ({
  jsonBody: {
    function: context.functionName,
    invocationId: context.invocationId,
    method: request.method,
    params: request.params,
    filter: request.query.get('filter'),
    count: request.query.get('count'),
  },
});

app.http('test-users', { route: 'scim/v2/Users/{id?}', methods: ['GET', 'POST'], authLevel: 'anonymous', handler: describeRequest });
app.http('test-fallback', { route: 'scim/v2/{*rest}', methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], authLevel: 'anonymous', handler: describeRequest });
app.http('test-echo', {
  route: 'echo/{n:int}',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const bytes = Buffer.from(await request.arrayBuffer());
    return { status: 200, headers: { 'content-type': request.headers.get('content-type') ?? 'application/octet-stream' }, body: bytes };
  },
});
app.http('test-headers', {
  route: 'headers',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => {
    const headers = new Headers([['x-multi', 'a'], ['x-multi', 'b'], ['set-cookie', 'one=1'], ['set-cookie', 'two=2'], ['location', '/somewhere']]);
    return new HttpResponse({ status: 201, headers, jsonBody: { created: true } });
  },
});
app.http('test-throws', {
  route: 'throws',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => {
    throw new Error('boom with details the client must not see');
  },
});
app.http('test-replaced', { route: 'replaced', methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: 'first' }) });
app.http('test-replaced', { route: 'replaced', methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: 'second' }) });

const timerCalls: { timer: Timer; functionName: string }[] = [];
app.timer('test-nightly', {
  schedule: '0 0 3 * * *',
  handler: async (timer, context) => {
    timerCalls.push({ timer, functionName: context.functionName });
  },
});

const logLines: { level: HostLogLevel; message: string }[] = [];
const log = (level: HostLogLevel, message: string) => logLines.push({ level, message });

let host: LocalHost;
beforeAll(async () => {
  host = await startLocalHost({ port: 0, log });
});
afterAll(async () => {
  await host?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${host.url}${path}`, init);

describe('the local host', () => {
  it('listens on loopback on the port it was given (0 picks one)', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.port).toBeGreaterThan(0);
  });

  it('captures the registrations the library made, a re-registration replacing the first', () => {
    expect(registrations().get('test-users')).toMatchObject({ kind: 'http', route: 'scim/v2/Users/{id?}', methods: ['GET', 'POST'] });
    expect(registrations().get('test-nightly')).toMatchObject({ kind: 'timer', schedule: '0 0 3 * * *' });
  });

  it('routes by template under the api prefix and passes route params', async () => {
    const response = await get('/api/scim/v2/Users/abc%20def');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ function: 'test-users', method: 'GET', params: { id: 'abc def' } });
  });

  it('serves an optional parameter that is absent', async () => {
    const body = await (await get('/api/scim/v2/users')).json();
    expect(body).toMatchObject({ function: 'test-users', params: {} });
  });

  it('prefers the specific route to the catch-all and falls back to it for other paths', async () => {
    const body = await (await get('/api/scim/v2/Groups/g1')).json();
    expect(body).toMatchObject({ function: 'test-fallback', params: { rest: 'Groups/g1' } });
  });

  it('skips a route whose methods do not include the request method', async () => {
    const body = await (await get('/api/scim/v2/Users/abc', { method: 'DELETE' })).json();
    expect(body).toMatchObject({ function: 'test-fallback', method: 'DELETE', params: { rest: 'Users/abc' } });
  });

  it('hands the handler the query string', async () => {
    const body = await (await get('/api/scim/v2/Users?filter=userName%20eq%20%22a%40b.c%22&count=2')).json();
    expect(body).toMatchObject({ filter: 'userName eq "a@b.c"', count: '2' });
  });

  it('gives every invocation a real context with its own invocation id', async () => {
    const first = (await (await get('/api/scim/v2/Users')).json()) as { invocationId: string };
    const second = (await (await get('/api/scim/v2/Users')).json()) as { invocationId: string };
    expect(first.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.invocationId).not.toBe(second.invocationId);
  });

  it('hands the handler the request body as the exact bytes sent', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
    const response = await get('/api/echo/7', { method: 'POST', body: bytes, headers: { 'content-type': 'application/x-test' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-test');
    const echoed = Buffer.from(await response.arrayBuffer());
    expect(createHash('sha256').update(echoed).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('writes status, multi-value headers, cookies and a JSON body', async () => {
    const response = await get('/api/headers');
    expect(response.status).toBe(201);
    expect(response.headers.get('x-multi')).toBe('a, b');
    expect(response.headers.getSetCookie()).toEqual(['one=1', 'two=2']);
    expect(response.headers.get('location')).toBe('/somewhere');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ created: true });
  });

  it('serves the latest registration under a name', async () => {
    expect(await (await get('/api/replaced')).text()).toBe('second');
  });

  it('answers 404 with an empty body when no route matches', async () => {
    for (const path of ['/api/nothing', '/scim/v2/Users', '/api/echo/not-a-number']) {
      const response = await get(path, path.startsWith('/api/echo') ? { method: 'POST', body: 'x' } : undefined);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe('');
    }
  });

  it('answers 500 with a generic body when a handler throws, and logs the error', async () => {
    const response = await get('/api/throws');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toBe('Internal Server Error');
    expect(logLines.some((l) => l.level === 'error' && l.message.includes('test-throws') && l.message.includes('boom'))).toBe(true);
  });

  it('runs a timer by hand with a real Timer and context', async () => {
    timerCalls.length = 0;
    await host.runTimer('test-nightly');
    expect(timerCalls).toHaveLength(1);
    expect(timerCalls[0].functionName).toBe('test-nightly');
    expect(timerCalls[0].timer.isPastDue).toBe(false);
    expect(new Date(timerCalls[0].timer.scheduleStatus.next).getHours()).toBe(3);
  });

  it('rejects running a timer that does not exist', async () => {
    await expect(host.runTimer('no-such-timer')).rejects.toThrow(/no-such-timer/);
    await expect(host.runTimer('test-users')).rejects.toThrow(/test-users/);
  });
});

describe('a local host with other settings', () => {
  it('serves routes at the root with an empty route prefix', async () => {
    const bare = await startLocalHost({ port: 0, routePrefix: '', log });
    try {
      const response = await fetch(`${bare.url}/scim/v2/Users/u1`);
      expect(await response.json()).toMatchObject({ function: 'test-users', params: { id: 'u1' } });
      expect((await fetch(`${bare.url}/api/scim/v2/Users/u1`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('answers 413 for a body above the limit without calling the handler', async () => {
    const small = await startLocalHost({ port: 0, log, maxBodyBytes: 1024 });
    try {
      const response = await fetch(`${small.url}/api/echo/1`, { method: 'POST', body: Buffer.alloc(4096, 1) });
      expect(response.status).toBe(413);
      const ok = await fetch(`${small.url}/api/echo/1`, { method: 'POST', body: Buffer.alloc(1024, 1) });
      expect(ok.status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('refuses to start when a route template is invalid', async () => {
    app.http('test-bad-route', { route: 'bad/{*rest}/more', methods: ['GET'], authLevel: 'anonymous', handler: async () => ({}) });
    try {
      await expect(startLocalHost({ port: 0, log })).rejects.toThrow(/test-bad-route/);
    } finally {
      (registrations() as Map<string, unknown>).delete('test-bad-route');
    }
  });
});

// Last: a timer registered from here on is scheduled by every host started afterwards.
describe('scheduled timers', () => {
  it('fire on their schedule and stop when the host closes', async () => {
    let ticks = 0;
    app.timer('test-every-second', { schedule: '* * * * * *', handler: async () => void ticks++ });
    const timed = await startLocalHost({ port: 0, log });
    try {
      const deadline = Date.now() + 3_000;
      while (ticks === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(ticks).toBeGreaterThan(0);
    } finally {
      await timed.close();
    }
    const afterClose = ticks;
    await new Promise((r) => setTimeout(r, 1_300));
    expect(ticks).toBe(afterClose);
  });
});
