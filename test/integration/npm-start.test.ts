import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, startEnv, waitFor } from '../support/npm-start';

/**
 * `npm start` as a user runs it, minus the build: the compiled dist/scripts/start.js in plain
 * Node (no vitest transform), so this proves the CommonJS output and the @azure/functions
 * registrations load outside the test runner. Data goes to a temporary ROSTER_DATA_DIR.
 */
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  env = await startEnv();
  dataDir = env.ROSTER_DATA_DIR!;
});

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function runOnce(check: (tenantUrl: string, token: string) => Promise<void>) {
  const started = start(env);
  try {
    const [, tenantUrl] = await waitFor(started, /Tenant URL\s+(\S+)/);
    const [, token] = await waitFor(started, /Secret Token\s+(\S+)/);
    expect(tenantUrl).toBe(`http://localhost:${env.ROSTER_PORT}/api/scim/v2`);
    await check(tenantUrl!, token!);
  } finally {
    started.child.kill('SIGINT');
  }
  expect(await started.exited).toBe(0);
}

describe('npm start (built output in plain Node)', () => {
  it('prints a Tenant URL and token that work, keeps data across restarts, and stops on Ctrl-C', async () => {
    const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' });
    await runOnce(async (url, token) => {
      const probe = await fetch(`${url}/Users?filter=userName%20eq%20%22x%22`, { headers: auth(token) });
      expect(probe.status).toBe(200);
      expect(await probe.json()).toMatchObject({ totalResults: 0, Resources: [] });
      const created = await fetch(`${url}/Users`, { method: 'POST', headers: auth(token), body: JSON.stringify({ userName: 'kept@contoso.example' }) });
      expect(created.status).toBe(201);
    });
    // Azurite stopped with it: its table port is free again.
    await expect(portFree(Number(env.ROSTER_AZURITE_TABLE_PORT))).resolves.toBe(true);
    await runOnce(async (url, token) => {
      const found = await fetch(`${url}/Users?filter=userName%20eq%20%22kept@contoso.example%22`, { headers: auth(token) });
      expect((await found.json()).totalResults).toBe(1);
    });
  }, 120_000);

  it('says in one line which setting moves a busy port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(Number(env.ROSTER_PORT), '127.0.0.1', r));
    try {
      const started = start(env);
      expect(await started.exited).toBe(1);
      expect(started.output().trim()).toBe(`Port ${env.ROSTER_PORT} is already in use. Set ROSTER_PORT to use another port.`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 30_000);
});

function portFree(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = createServer();
    s.once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
  });
}
