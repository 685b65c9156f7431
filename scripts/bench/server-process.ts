/**
 * The bench's Roster: started by `npm run bench` as a child process with an IPC channel. It
 * starts Azurite and the local host the way `npm start` does (scripts/start.ts), but with
 * in-memory storage on free loopback ports, its own signing key and directories `bench-1`,
 * `bench-2`, ... (one per directory size), so nothing of the developer's `.azurite/` or
 * `.roster/` is touched. It answers `sample`
 * messages with its own CPU time, RSS and storage round trips: the counters live in this
 * process, and no HTTP endpoint is added to the product to read them.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createDirectoryKey } from '../../shared/auth/directory-keys';
import { generateSigningKeySet } from '../../shared/auth/signing-keys';
import { getServices } from '../../shared/http/services';
import { storageMetrics } from '../../shared/store/table-client';
import { startAzurite, type AzuriteInstance } from '../azurite';
import { loadFunctionModules } from '../local-host/load-function-modules';
import { startLocalHost, type LocalHost } from '../local-host/local-host';
import { installRegistrationCapture } from '../local-host/registration-capture';
import { readRoutePrefix } from '../local-host/route-prefix';
import { findRepoRoot } from '../repo-root';
import { benchSettings } from './quiet-schedule';
import type { ServerMessage, ServerRequest } from './server-messages';

const BENCH_DIRECTORY = 'bench';

let azurite: AzuriteInstance | undefined;
let host: LocalHost | undefined;
let stopping: Promise<void> | undefined;

function stop(code: number): Promise<void> {
  return (stopping ??= (async () => {
    await host?.close().catch(() => undefined);
    await azurite?.stop().catch(() => undefined);
    process.exit(code);
  })());
}

function send(message: ServerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('server-process is started by the bench (npm run bench) with an IPC channel');
  process.on('disconnect', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const root = findRepoRoot(__dirname);
  azurite = await startBenchAzurite(process.argv.includes('--azurite-as-is'));
  const signingKeys = generateSigningKeySet('bench');
  Object.assign(process.env, {
    ROSTER_STORAGE_CONNECTION: azurite.connectionString,
    ROSTER_SIGNING_KEYS: signingKeys,
    ROSTER_ADMIN_KEY: randomBytes(32).toString('base64url'),
    ...benchSettings(new Date()),
  });
  delete process.env.ROSTER_STORAGE_TABLE_ENDPOINT;
  delete process.env.ROSTER_SIGNING_KEY_FILE;
  installRegistrationCapture();
  loadFunctionModules(root);
  host = await startLocalHost({ port: 0, routePrefix: readRoutePrefix(join(root, 'host.json')), log: logProblems });
  const services = await getServices();
  const tokens: string[] = [];
  for (let i = 1; i <= directoryCount(process.argv); i++) {
    const id = `${BENCH_DIRECTORY}-${i}`;
    await services.directories.createDirectory({ id, displayName: `Bench ${i}`, created: new Date().toISOString() });
    tokens.push((await createDirectoryKey(services, id, { name: 'bench', scope: 'read-write' })).token);
  }
  process.on('message', (message: ServerRequest) => {
    if (message.type === 'sample') send({ type: 'sample', id: message.id, ...sample() });
    if (message.type === 'stop') void stop(0);
  });
  send({
    type: 'ready',
    tenantUrl: `${host.url}/api/scim/v2`,
    tokens,
    storageConnection: azurite.connectionString,
    signingKeys,
    azuritePid: azurite.pid,
  });
}

/** `--directories N`: one directory (and key) per directory size the bench measures side by side. */
function directoryCount(argv: string[]): number {
  const i = argv.indexOf('--directories');
  const n = i < 0 ? 1 : Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`--directories must be 1-100, got ${argv[i + 1]}`);
  return n;
}

/**
 * In-memory Azurite, Table service only, on free loopback ports; unless `asIs`, with point
 * lookups indexed by azurite-index.js (preloaded through NODE_OPTIONS, which the
 * Azurite process inherits and this one does not read again).
 */
async function startBenchAzurite(asIs: boolean): Promise<AzuriteInstance> {
  const nodeOptions = process.env.NODE_OPTIONS;
  if (!asIs) process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --require "${join(__dirname, 'azurite-index.js')}"`.trim();
  try {
    return await startAzurite({ inMemory: true, tableOnly: true, silent: true });
  } finally {
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  }
}

function sample() {
  const cpu = process.cpuUsage();
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    rss: process.memoryUsage.rss(),
    maxRss: process.resourceUsage().maxRSS * 1024,
    roundTrips: storageMetrics.roundTrips,
  };
}

/** Warnings and errors of the host and the functions go to stderr; information lines are dropped. */
function logProblems(level: string, message: string): void {
  if (level !== 'information') process.stderr.write(`[roster ${level}] ${message}\n`);
}

main().catch(async (error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
  await stop(1);
});
