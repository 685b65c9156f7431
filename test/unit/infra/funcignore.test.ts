import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What the deployment package keeps: the publish steps respect .funcignore (gitignore rules),
 * so the built console must survive it and the console's sources must not ride along.
 */
const lines = readFileSync(resolve(__dirname, '../../../.funcignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** gitignore semantics for the patterns this file uses: *, **, leading '/', trailing '/', '!' (last match wins). */
function ignored(path: string): boolean {
  let result = false;
  for (const line of lines) {
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/\/$/, '');
    const anchored = pattern.startsWith('/') || pattern.slice(0, -1).includes('/');
    const body = pattern
      .replace(/^\//, '')
      .split(/(\*\*\/|\*\*|\*|\?)/)
      .map((part) => ({ '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' })[part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
      .join('');
    // A pattern matches the path or any directory above it.
    const re = new RegExp(`${anchored ? '^' : '(?:^|/)'}${body}(?:/|$)`);
    if (re.test(path)) result = !negated;
  }
  return result;
}

describe('.funcignore', () => {
  it.each(['dist/console/index.html', 'dist/console/console.css', 'dist/console/app.js', 'dist/console/pages/people.js', 'dist/functions/console.js', 'dist/shared/http/console/assets.js', 'host.json', 'package.json'])(
    'keeps %s',
    (path) => expect(ignored(path)).toBe(false),
  );

  it.each(['console/index.html', 'console/src/app.ts', 'console/tsconfig.json', 'test/e2e/console.test.ts', 'shared/http/console/assets.ts', 'docs/screenshots/01-sign-in.png', 'dist/functions/console.js.map'])(
    'leaves out %s',
    (path) => expect(ignored(path)).toBe(true),
  );
});
