#!/usr/bin/env node
/**
 * `roster` (npm run roster -- <command>, npx roster <command>): directories and keys through
 * the management API of the local instance or a deployment. See `roster help`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli } from './cli/run-cli';
import { findRepoRoot } from './repo-root';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  fetch: globalThis.fetch,
  now: () => new Date(),
  // Where npm start keeps .roster/: the same rule as scripts/start.ts.
  dataRoot: () => (process.env.ROSTER_DATA_DIR ? resolve(process.env.ROSTER_DATA_DIR) : findRepoRoot(__dirname)),
  readFile: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  },
}).then((code) => {
  process.exitCode = code;
});
