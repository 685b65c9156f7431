import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The admin console's files as `npm run build` leaves them in dist/console/ (issue: admin
 * console): read once per worker into memory (they are small, see CONSOLE_BUDGET_BYTES) and
 * looked up by exact name, so no request path ever reaches the file system.
 */
export interface Asset {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
}

/** The size budget the build enforces: every console file together, uncompressed. */
export const CONSOLE_BUDGET_BYTES = 96 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

let cached: Map<string, Asset> | undefined;

/** dist/console of the package this module runs from (source under vitest, dist/ in the app). */
export function consoleDir(from = __dirname): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'console');
  }
  return join(from, 'console');
}

/** Undefined when the console was not built (dist/console missing). */
export function consoleAssets(dir = consoleDir()): Map<string, Asset> | undefined {
  if (cached) return cached;
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const assets = new Map<string, Asset>();
  for (const file of listFiles(dir)) {
    const type = TYPES[extname(file)];
    if (!type) continue;
    const body = readFileSync(file);
    const name = relative(dir, file).split(sep).join('/');
    const gzip = type.startsWith('text/') ? gzipSync(body, { level: 9 }) : undefined;
    assets.set(name, { body, gzip, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  cached = assets;
  return assets;
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
