/**
 * `npm start`: Azurite (data under .azurite/), then the function modules behind the local host
 * on http://localhost:7071, then the development directory and its key (DESIGN.md §7).
 * Startup failures print one line and exit 1; Ctrl-C stops everything and exits 0.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_RECONCILE_SCHEDULE } from '../shared/config';
import { ensureDevDirectory, prepareDevAdminKey, prepareDevSigningKey } from '../shared/dev/dev-directory';
import type { AzuriteInstance } from './azurite';
import { loadFunctionModules } from './local-host/load-function-modules';
import { startLocalHost, type LocalHost } from './local-host/local-host';
import { installRegistrationCapture } from './local-host/registration-capture';
import { readRoutePrefix } from './local-host/route-prefix';
import { meansEmulator, printDevBanner } from './dev-banner';
import { onShutdown } from './on-shutdown';
import { assertPortFree, portSetting } from './ports';
import { findRepoRoot } from './repo-root';
import { checkDevAzuritePorts, startDevAzurite } from './start-dev-azurite';

let azurite: AzuriteInstance | undefined;
let host: LocalHost | undefined;

async function stopAll(): Promise<void> {
  await host?.close().catch(() => undefined);
  await azurite?.stop().catch(() => undefined);
}

async function main(): Promise<void> {
  onShutdown(async () => {
    console.log('\nStopping Roster...');
    await stopAll();
  });
  const root = findRepoRoot(__dirname);
  // Where .azurite/ and .roster/ live: the repo unless ROSTER_DATA_DIR moves them (tests do).
  const dataRoot = process.env.ROSTER_DATA_DIR ? resolve(process.env.ROSTER_DATA_DIR) : root;
  const port = portSetting('ROSTER_PORT', 7071);
  await assertPortFree(port, 'ROSTER_PORT');
  await startStorage(dataRoot);
  prepareDevSigningKey(dataRoot);
  const admin = prepareDevAdminKey(dataRoot);
  process.env.ROSTER_RECONCILE_SCHEDULE ||= DEFAULT_RECONCILE_SCHEDULE;
  installRegistrationCapture();
  loadFunctionModules(root);
  host = await startLocalHost({ port, routePrefix: readRoutePrefix(join(root, 'host.json')) });
  const dev = await ensureDevDirectory();
  console.log('\nRoster is running.');
  printDevBanner(port, dev.tenantUrlPath, dev.token, admin.key);
  console.log('Press Ctrl-C to stop.');
}

async function startStorage(root: string): Promise<void> {
  if (process.env.ROSTER_STORAGE_TABLE_ENDPOINT || !meansEmulator(process.env.ROSTER_STORAGE_CONNECTION)) {
    console.log('Using the storage named in the environment; Azurite is not started.');
    return;
  }
  const ports = await checkDevAzuritePorts();
  azurite = await startDevAzurite(root, ports);
  process.env.ROSTER_STORAGE_CONNECTION = azurite.connectionString;
  console.log(`Azurite: blob ${ports.blobPort}, queue ${ports.queuePort}, table ${ports.tablePort}; data in ${join(root, '.azurite')}`);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message.split('\n')[0] : String(error));
  await stopAll();
  process.exit(1);
});
