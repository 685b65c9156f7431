import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The files package.json "main" names, as the Functions host finds them: a path whose last
 * segments may hold `*` and `?` wildcards (`dist/functions/*.js`), or a plain file. `**` is not
 * supported; Roster's main glob does not need it. Sorted, so loading order is stable.
 */
export function functionModulePaths(repoRoot: string, mainGlob = readMainGlob(repoRoot)): string[] {
  const parts = mainGlob.replace(/^\.\//, '').split('/');
  let paths = [resolve(repoRoot)];
  for (const part of parts) {
    if (part === '**') throw new Error(`package.json "main" glob "${mainGlob}": "**" is not supported by the local host.`);
    if (!/[*?]/.test(part)) {
      paths = paths.map((p) => join(p, part)).filter((p) => existsSync(p));
      continue;
    }
    const pattern = globToRegExp(part);
    paths = paths.flatMap((dir) => (isDirectory(dir) ? readdirSync(dir).sort().filter((n) => pattern.test(n)).map((n) => join(dir, n)) : []));
  }
  return paths.filter((p) => !isDirectory(p));
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

export function readMainGlob(repoRoot: string): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main?: unknown };
  if (typeof manifest.main !== 'string' || manifest.main === '') throw new Error('package.json has no "main" glob for the function modules.');
  return manifest.main;
}

/**
 * Requires every function module, so their `app.http` / `app.timer` calls register. Install the
 * registration capture first. Throws a one-line error naming the module that failed to load.
 */
export function loadFunctionModules(repoRoot: string): string[] {
  const mainGlob = readMainGlob(repoRoot);
  const paths = functionModulePaths(repoRoot, mainGlob);
  if (paths.length === 0) throw new Error(`No function modules match package.json "main" (${mainGlob}); run "npm run build" first.`);
  for (const path of paths) {
    try {
      require(path);
    } catch (error) {
      throw new Error(`Could not load ${path}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return paths;
}
