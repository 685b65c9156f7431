/**
 * `npm run start:func`: the same Azurite as `npm start`, the development directory and its
 * token, then Azure Functions Core Tools' `func start` over the same build, for those who have
 * the tools (DESIGN.md §7). Azurite stops when func exits or on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ensureDevDirectory, prepareDevAdminKey, prepareDevSigningKey } from '../shared/dev/dev-directory';
import type { AzuriteInstance } from './azurite';
import { meansEmulator, printDevBanner } from './dev-banner';
import { applyLocalSettings, ensureLocalSettings } from './local-settings';
import { onShutdown } from './on-shutdown';
import { assertPortFree, portSetting } from './ports';
import { findRepoRoot } from './repo-root';
import { checkDevAzuritePorts, startDevAzurite } from './start-dev-azurite';

const STORAGE_SETTINGS = ['AzureWebJobsStorage', 'ROSTER_STORAGE_CONNECTION'];

let azurite: AzuriteInstance | undefined;
let funcExited: Promise<number> | undefined;
let child: ChildProcess | undefined;

async function main(): Promise<void> {
  // Ctrl-C reaches func through the terminal's process group; a SIGTERM sent to us alone is passed on.
  onShutdown(async (signal) => {
    if (signal === 'SIGTERM') child?.kill('SIGTERM');
    await funcExited;
    await azurite?.stop();
    return 0;
  });
  const root = findRepoRoot(__dirname);
  const func = findFunc(root);
  if (!func) throw new Error('Azure Functions Core Tools ("func") are not installed; use "npm start" to run Roster without them.');
  ensureLocalSettings(root);
  applyLocalSettings(root);
  const port = portSetting('ROSTER_PORT', 7071);
  await assertPortFree(port, 'ROSTER_PORT');
  const ports = await checkDevAzuritePorts();
  azurite = await startDevAzurite(root, ports);
  console.log(`Azurite: blob ${ports.blobPort}, queue ${ports.queuePort}, table ${ports.tablePort}; data in .azurite/`);
  // Point the emulator settings at this Azurite: its ports may not be the defaults.
  for (const name of STORAGE_SETTINGS) {
    if (meansEmulator(process.env[name])) process.env[name] = azurite.connectionString;
  }
  prepareDevSigningKey(root);
  const admin = prepareDevAdminKey(root);
  const dev = await ensureDevDirectory();
  printDevBanner(port, dev.tenantUrlPath, dev.token, admin.key);
  funcExited = runFunc(func, port, root);
  const code = await funcExited;
  await azurite.stop();
  process.exit(code);
}

/** Starts `func start` with our stdio and environment; resolves with its exit code. */
function runFunc(func: string, port: number, root: string): Promise<number> {
  const windows = process.platform === 'win32';
  child = spawn(windows ? `"${func}"` : func, ['start', '--port', String(port)], { cwd: root, stdio: 'inherit', shell: windows });
  return new Promise<number>((resolve) => {
    child!.once('error', (error) => {
      console.error(`func could not be started: ${error.message}`);
      resolve(1);
    });
    child!.once('exit', (exitCode) => resolve(exitCode ?? 0));
  });
}

/** node_modules/.bin/func (the optional dependency) if it installed, else `func` on PATH. */
function findFunc(root: string): string | undefined {
  const names = process.platform === 'win32' ? ['func.cmd', 'func.exe', 'func'] : ['func'];
  const dirs = [join(root, 'node_modules', '.bin'), ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    for (const name of names) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message.split('\n')[0] : String(error));
  await azurite?.stop().catch(() => undefined);
  process.exit(1);
});
