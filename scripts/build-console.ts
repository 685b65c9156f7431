/**
 * Second half of `npm run build` for the admin console: tsc has compiled console/src to
 * dist/console; this copies the page and the stylesheet beside the scripts and fails the
 * build when the console outgrows its size budget (CONSOLE_BUDGET_BYTES, uncompressed).
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONSOLE_BUDGET_BYTES, listFiles } from '../shared/http/console/assets';
import { findRepoRoot } from './repo-root';

const STATIC_FILES = ['index.html', 'console.css'];

function main(): void {
  const root = findRepoRoot(__dirname);
  const out = join(root, 'dist', 'console');
  mkdirSync(out, { recursive: true });
  for (const name of STATIC_FILES) copyFileSync(join(root, 'console', name), join(out, name));
  const files = listFiles(out).filter((f) => /\.(html|css|js)$/.test(f));
  const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
  if (total > CONSOLE_BUDGET_BYTES) {
    const sizes = files.map((f) => `  ${relative(out, f)}: ${statSync(f).size} bytes`).join('\n');
    console.error(`The console is ${total} bytes, over its budget of ${CONSOLE_BUDGET_BYTES} bytes:\n${sizes}`);
    process.exit(1);
  }
  console.log(`console: ${files.length} files, ${(total / 1024).toFixed(1)} KiB of ${CONSOLE_BUDGET_BYTES / 1024} KiB`);
}

main();
