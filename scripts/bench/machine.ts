import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import type { Machine } from './result-types';

/** The machine and the code the bench ran on (read-only git queries; no git, no commit). */
export function describeMachine(root: string, loadAtStart: number): Machine {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    azurite: packageVersion(root, 'azurite'),
    commit: git(root, ['rev-parse', '--short=12', 'HEAD']) || null,
    dirty: dirty(root),
    loadAverage: { start: loadAtStart, end: loadNow() },
  };
}

/** The 1-minute load average now. */
export function loadNow(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

function packageVersion(root: string, name: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim();
  } catch {
    return null;
  }
}

/** Files changed or added since the commit (other work in progress is then part of what was measured). */
function dirty(root: string): boolean | null {
  const status = git(root, ['status', '--porcelain']);
  return status === null ? null : status.length > 0;
}
