import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { BenchTarget } from './bench-target';
import { eqFilter } from './payloads';
import { benchSettings } from './quiet-schedule';
import type { ColdStart } from './result-types';
import { ScimClient } from './scim-client';
import { median, round } from './stats';

interface Listening {
  type: 'listening';
  tenantUrl: string;
  scriptStartedAt: number;
  loadModulesMs: number;
  modules: { file: string; ms: number }[];
}

interface OneStart {
  nodeStartMs: number;
  loadModulesMs: number;
  firstResponseMs?: number;
  firstRequestMs?: number;
  modules: { file: string; ms: number }[];
}

const START_TIMEOUT_MS = 60_000;

/**
 * Starts `runs` fresh Node processes (cold-start-process.js), one after another, and times each:
 * Node's own start, requiring every function module, and, when the target is the bench's own
 * Roster, the first answered request (Entra's Test Connection) against the same storage and key,
 * counted from the moment the process was spawned. Medians over the runs.
 */
export async function measureColdStart(target: BenchTarget, runs: number): Promise<ColdStart> {
  const starts: OneStart[] = [];
  for (let i = 0; i < runs; i++) starts.push(await oneStart(target));
  const med = (pick: (s: OneStart) => number | undefined) => {
    const values = starts.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? round(median(values)!, 1) : null;
  };
  const files = starts[0]?.modules.map((m) => m.file) ?? [];
  return {
    runs,
    nodeStartMs: med((s) => s.nodeStartMs),
    loadModulesMs: med((s) => s.loadModulesMs),
    firstResponseMs: med((s) => s.firstResponseMs),
    firstRequestMs: med((s) => s.firstRequestMs),
    modules: files.map((file) => ({ file, ms: round(median(starts.map((s) => s.modules.find((m) => m.file === file)?.ms ?? 0))!, 1) })),
  };
}

async function oneStart(target: BenchTarget): Promise<OneStart> {
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = fork(join(__dirname, 'cold-start-process.js'), [], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
    env: { ...process.env, ...target.coldStartEnv, ...benchSettings(new Date()) },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const listening = await new Promise<Listening>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`a cold-start process did not listen within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.on('message', (message: Listening | { type: 'failed'; message: string }) => {
        clearTimeout(timer);
        if (message.type === 'listening') resolve(message);
        else reject(new Error(`a cold-start process failed: ${message.message}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`a cold-start process exited (code ${code}): ${stderr.slice(-500)}`));
      });
    });
    const result: OneStart = {
      nodeStartMs: listening.scriptStartedAt - spawnedAt,
      loadModulesMs: listening.loadModulesMs,
      modules: listening.modules,
    };
    if (target.coldStartEnv) {
      const client = new ScimClient(listening.tenantUrl, target.tokens[0]!, 1);
      try {
        const answer = await client.send('GET', `/Users?filter=${eqFilter('userName', randomUUID())}`);
        if (answer.status !== 200) throw new Error(`the first request of a cold start got ${answer.status}: ${answer.text.slice(0, 300)}`);
        result.firstRequestMs = answer.ms;
        result.firstResponseMs = performance.timeOrigin + performance.now() - spawnedAt;
      } finally {
        client.close();
      }
    }
    return result;
  } finally {
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
