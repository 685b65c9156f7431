/**
 * One cold start, timed from inside a fresh Node process (started by cold-start.ts): require
 * every function module the way the Functions host does (package.json "main"), then serve them
 * on a free loopback port and report over IPC. Only Node built-ins and the registration capture
 * are loaded before the clock starts; everything the functions need is part of the measurement.
 */
import { basename, join } from 'node:path';
import { functionModulePaths } from '../local-host/load-function-modules';
import { installRegistrationCapture } from '../local-host/registration-capture';
import { findRepoRoot } from '../repo-root';

const scriptStartedAt = performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const loadStarted = performance.now();
  installRegistrationCapture();
  const modules = functionModulePaths(root).map((path) => {
    const started = performance.now();
    require(path);
    return { file: basename(path), ms: performance.now() - started };
  });
  const loadModulesMs = performance.now() - loadStarted;
  const { startLocalHost } = await import('../local-host/local-host');
  const { readRoutePrefix } = await import('../local-host/route-prefix');
  const host = await startLocalHost({ port: 0, routePrefix: readRoutePrefix(join(root, 'host.json')), log: () => undefined });
  process.on('disconnect', () => void host.close().finally(() => process.exit(0)));
  process.send!({ type: 'listening', tenantUrl: `${host.url}/api/scim/v2`, scriptStartedAt, loadModulesMs, modules });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
