import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../scripts/ports';

/**
 * `npm start` as a user runs it, minus the build: the compiled dist/scripts/start.js in plain
 * Node, on free ports, with its data in a temporary ROSTER_DATA_DIR.
 */
export const repoRoot = resolve(__dirname, '../..');
const startJs = join(repoRoot, 'dist/scripts/start.js');

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The environment for one `npm start`: free ports and a fresh data directory. */
export async function startEnv(prefix = 'roster-start-'): Promise<Record<string, string>> {
  if (!existsSync(startJs)) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
  const [port, blob, queue, table] = [await freePort(), await freePort(), await freePort(), await freePort()];
  return {
    ROSTER_DATA_DIR: mkdtempSync(join(tmpdir(), prefix)),
    ROSTER_PORT: String(port),
    ROSTER_AZURITE_BLOB_PORT: String(blob),
    ROSTER_AZURITE_QUEUE_PORT: String(queue),
    ROSTER_AZURITE_TABLE_PORT: String(table),
    ROSTER_STORAGE_CONNECTION: '',
    ROSTER_SIGNING_KEYS: '',
    ROSTER_SIGNING_KEY_FILE: '',
    ROSTER_ADMIN_KEY: '',
  };
}

export function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [startJs], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => text, exited };
}

export async function waitFor(started: Started, pattern: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = started.output().match(pattern);
    if (match) return match;
    if (started.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${pattern} in output:\n${started.output()}`);
}
