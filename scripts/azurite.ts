import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { get } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { freePort } from './ports';

export interface AzuriteOptions {
  /** Data directory (created if absent); without it Azurite keeps everything in memory. */
  location?: string;
  inMemory?: boolean;
  /** 0 or omitted picks a free port. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  /** Drop Azurite's own output (access log, start lines) instead of forwarding it to ours. */
  silent?: boolean;
  /** Start only the Table service (`azurite-table`). */
  tableOnly?: boolean;
  /** How long to wait for the services to answer; default 30 s. */
  startTimeoutMs?: number;
}

export interface AzuriteInstance {
  connectionString: string;
  tablePort: number;
  blobPort?: number;
  queuePort?: number;
  /** The Azurite process id. */
  pid: number;
  /** Kills Azurite and resolves once it has exited. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** Azurite's published development key; not a secret. */
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

interface Ports {
  table: number;
  blob?: number;
  queue?: number;
}

export function azuriteConnectionString(ports: Ports): string {
  const endpoint = (port: number) => `http://${HOST}:${port}/${AZURITE_ACCOUNT}`;
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_ACCOUNT_KEY}`,
    ports.blob !== undefined ? `BlobEndpoint=${endpoint(ports.blob)}` : '',
    ports.queue !== undefined ? `QueueEndpoint=${endpoint(ports.queue)}` : '',
    `TableEndpoint=${endpoint(ports.table)};`,
  ]
    .filter(Boolean)
    .join(';');
}

/** Thrown when Azurite lost a race for a port we picked; startAzurite retries with fresh ports. */
class PortTakenError extends Error {}

/**
 * Starts the `azurite` npm package (DESIGN.md §7): telemetry off, API version check skipped,
 * loose mode, listening on 127.0.0.1 only. Resolves once every started service answers
 * on its port; rejects with Azurite's last output if it exits or does not come up in time.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteInstance> {
  const picksPorts = !options.tablePort || (!options.tableOnly && (!options.blobPort || !options.queuePort));
  for (let attempt = 1; ; attempt++) {
    const ports = await choosePorts(options);
    try {
      return await launch(options, ports);
    } catch (error) {
      if (!(error instanceof PortTakenError) || !picksPorts || attempt >= 3) throw error;
    }
  }
}

async function choosePorts(options: AzuriteOptions): Promise<Ports> {
  const pick = async (port: number | undefined) => port || (await freePort(HOST));
  if (options.tableOnly) return { table: await pick(options.tablePort) };
  return { blob: await pick(options.blobPort), queue: await pick(options.queuePort), table: await pick(options.tablePort) };
}

function azuriteArgs(options: AzuriteOptions, ports: Ports): string[] {
  const args = ['--disableTelemetry', '--skipApiVersionCheck', '--loose', '--tableHost', HOST, '--tablePort', String(ports.table)];
  if (ports.blob !== undefined) args.push('--blobHost', HOST, '--blobPort', String(ports.blob));
  if (ports.queue !== undefined) args.push('--queueHost', HOST, '--queuePort', String(ports.queue));
  if (options.silent) args.push('--silent');
  if (options.location && !options.inMemory) {
    const location = resolve(options.location);
    mkdirSync(location, { recursive: true });
    args.push('--location', location);
  } else {
    args.push('--inMemoryPersistence');
  }
  return args;
}

/** The package's own bin script, run with this Node (no shell, same on every platform). */
function azuriteBin(tableOnly: boolean): string {
  const manifestPath = createRequire(__filename).resolve('azurite/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifestPath), manifest.bin[tableOnly ? 'azurite-table' : 'azurite']);
}

async function launch(options: AzuriteOptions, ports: Ports): Promise<AzuriteInstance> {
  const child = spawn(process.execPath, [azuriteBin(!!options.tableOnly), ...azuriteArgs(options, ports)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const output = captureOutput(child, !options.silent);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const portList = [ports.blob, ports.queue, ports.table].filter((p): p is number => p !== undefined);
  try {
    await waitUntilReady(child, portList, options.startTimeoutMs ?? 30_000, output);
  } catch (error) {
    process.off('exit', killOnExit);
    await stopChild(child);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    connectionString: azuriteConnectionString(ports),
    tablePort: ports.table,
    blobPort: ports.blob,
    queuePort: ports.queue,
    pid: child.pid!,
    stop: () =>
      (stopping ??= stopChild(child).then(() => {
        process.off('exit', killOnExit);
      })),
  };
}

function captureOutput(child: ChildProcess, forward: boolean): () => string {
  let tail = '';
  const onData = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
    if (forward) target.write(chunk);
  };
  child.stdout?.on('data', onData(process.stdout));
  child.stderr?.on('data', onData(process.stderr));
  return () => tail;
}

async function waitUntilReady(child: ChildProcess, ports: number[], timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`Azurite could not be started: ${error.message}`)));
    child.once('exit', (code, signal) => reject(exitError(code, signal, output())));
  });
  exited.catch(() => undefined);
  for (const port of ports) {
    while (!(await Promise.race([answersAsAzurite(port), exited]))) {
      if (Date.now() > deadline) {
        throw new Error(`Azurite did not answer on port ${port} within ${timeoutMs} ms. Last output: ${oneLine(output())}`);
      }
      await Promise.race([delay(100), exited]);
    }
  }
}

function exitError(code: number | null, signal: NodeJS.Signals | null, tail: string): Error {
  const message = `Azurite exited before it was ready (${signal ?? `code ${code}`}). Last output: ${oneLine(tail)}`;
  return /EADDRINUSE/.test(tail) ? new PortTakenError(message) : new Error(message);
}

/** The last lines of Azurite's output on one line, for one-line startup errors. */
function oneLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.slice(-5).join(' | ').slice(-800) || '(none)';
}

/**
 * True once an Azurite service answers on `port` (any status; its Server header names it), so
 * a stranger that grabbed the port is not mistaken for ours.
 */
function answersAsAzurite(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const request = get({ host: HOST, port, path: `/${AZURITE_ACCOUNT}`, agent: false, timeout: 1_000 }, (response) => {
      response.resume();
      resolvePromise(/^Azurite-/i.test(String(response.headers.server ?? '')));
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolvePromise(false));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
