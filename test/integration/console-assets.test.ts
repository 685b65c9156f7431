import { readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_BUDGET_BYTES, consoleDir, listFiles } from '../../shared/http/console/assets';
import { startHarness, type Harness } from '../support/harness';

/** The console's files served by the real `console` function over HTTP (the built dist/console). */
let h: Harness;
let origin: string;

beforeAll(async () => {
  h = await startHarness();
  origin = new URL(h.tenantUrl).origin;
});
afterAll(() => h?.stop());

/** A raw GET, so the path reaches the server exactly as written and gzip stays visible. */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/console', () => {
  it('redirects to the trailing slash so the page’s relative links resolve', async () => {
    const res = await raw('/api/console');
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe('/api/console/');
  });

  it('serves the page with a CSP that allows nothing from another host', async () => {
    const res = await raw('/api/console/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body.toString()).toContain('<script type="module" src="app.js"></script>');
  });

  it('serves scripts and styles with their types, an ETag and gzip, and answers 304 to a matching If-None-Match', async () => {
    const js = await raw('/api/console/pages/people.js', { 'Accept-Encoding': 'gzip' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(js.body).toString()).toBe(readFileSync(join(consoleDir(), 'pages/people.js'), 'utf8'));
    const again = await raw('/api/console/pages/people.js', { 'If-None-Match': String(js.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const css = await raw('/api/console/console.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['content-encoding']).toBeUndefined();
  });

  it('answers 404 for files it does not have, including path tricks, and 405 for writes', async () => {
    for (const path of ['/api/console/nope.js', '/api/console/%2e%2e/%2e%2e/package.json', '/api/console/..%2f..%2fpackage.json', '/api/console/app.ts', '/api/console/pages']) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString(), path).not.toContain('"name": "roster"');
    }
    const post = await raw('/api/console/', {}, 'POST');
    expect(post.status).toBe(405);
  });

  it('tells the page the sign-in mode without any secret', async () => {
    const res = await raw('/api/console/config.json');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body.toString())).toEqual({ appService: false });
  });
});

describe('the built console', () => {
  const files = listFiles(consoleDir());

  it('keeps within its size budget', () => {
    const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(total).toBeGreaterThan(10_000);
    expect(total).toBeLessThanOrEqual(CONSOLE_BUDGET_BYTES);
  });

  it('names no other host: no CDN, font or script URL anywhere', () => {
    const offending = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s'"`)]*/gi)]
        .map((m) => m[0])
        .filter((url) => url !== 'http://www.w3.org/2000/svg')
        .map((url) => `${f}: ${url}`),
    );
    expect(offending).toEqual([]);
  });
});
