import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerCounters, ServerMessage, ServerRequest } from './server-messages';

/** The server's counters at one moment, plus Azurite's CPU time when it can be read. */
export interface Sample extends ServerCounters {
  storageCpuMs?: number;
}

/** The Roster the bench measures: one it started (with counters) or a running one (without). */
export interface BenchTarget {
  mode: 'local' | 'remote';
  tenantUrl: string;
  /** A key of each directory the bench may use: one for a running Roster, one per size for its own. */
  tokens: string[];
  /** Undefined when the server is not ours to read. */
  sample(): Promise<Sample | undefined>;
  /** Settings for a fresh process serving the same storage and keys (cold start); local only. */
  coldStartEnv?: Record<string, string>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const SAMPLE_TIMEOUT_MS = 10_000;

/** A running Roster named by --base/--token: nothing to sample. */
export function remoteTarget(tenantUrl: string, token: string): BenchTarget {
  return { mode: 'remote', tenantUrl, tokens: [token], sample: async () => undefined, stop: async () => undefined };
}

/** Forks server-process.js (Azurite + the local host) and waits until its directories' keys are ready. */
export async function startLocalTarget(directories: number, azuriteAsIs = false): Promise<BenchTarget> {
  const args = ['--directories', String(directories), ...(azuriteAsIs ? ['--azurite-as-is'] : [])];
  const child = fork(join(__dirname, 'server-process.js'), args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ready: Extract<ServerMessage, { type: 'ready' }>;
  try {
    ready = await waitForReady(child, () => tail);
  } catch (error) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    throw error;
  }
  const pending = new Map<number, (s: ServerCounters) => void>();
  let nextId = 1;
  child.on('message', (message: ServerMessage) => {
    if (message.type !== 'sample') return;
    const { type: _type, id, ...counters } = message;
    pending.get(id)?.(counters);
    pending.delete(id);
  });
  const sample = (): Promise<Sample> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error('the bench server did not answer a sample request in time')), SAMPLE_TIMEOUT_MS);
      pending.set(id, (counters) => {
        clearTimeout(timer);
        resolve({ ...counters, storageCpuMs: processCpuMs(ready.azuritePid) });
      });
      child.send({ type: 'sample', id } satisfies ServerRequest);
    });
  return {
    mode: 'local',
    tenantUrl: ready.tenantUrl,
    tokens: ready.tokens,
    sample,
    coldStartEnv: { ROSTER_STORAGE_CONNECTION: ready.storageConnection, ROSTER_SIGNING_KEYS: ready.signingKeys },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' } satisfies ServerRequest);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
    },
  };
}

function waitForReady(child: ChildProcess, output: () => string): Promise<Extract<ServerMessage, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bench server did not start within ${READY_TIMEOUT_MS / 1000} s: ${output().slice(-500)}`)), READY_TIMEOUT_MS);
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`the bench server could not start: ${message.message}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the bench server exited (${signal ?? `code ${code}`}) before it was ready: ${output().slice(-500)}`));
    });
  });
}

/** Linux reports user and system time in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) of another process from /proc, in ms; undefined where /proc is absent. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
