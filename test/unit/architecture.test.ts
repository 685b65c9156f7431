import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/** DESIGN.md §1: imports point one way, functions -> shared/http -> shared/{scim,auth,store,reconcile}. */
const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

/** Resolves a relative import to a repo path; package imports stay as they are. */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)) : spec;
}

const cases: Array<[string, (t: string) => boolean]> = [
  ['functions', (t) => t === '@azure/functions' || t.startsWith('shared/http/')],
  ['shared/scim', (t) => t.startsWith('shared/scim/') || t === 'zod'],
  ['shared/store', (t) => /^shared\/(store|scim)\//.test(t) || t === '@azure/data-tables' || t.startsWith('node:')],
  ['shared/auth', (t) => /^shared\/(auth|store|scim)\//.test(t) || t === 'jose' || t === 'zod' || t.startsWith('node:')],
];

describe('the dependency rule', () => {
  it.each(cases)('%s imports only what it may', (dir, allowed) => {
    const offending = sourceFiles(dir).flatMap((file) =>
      imports(file)
        .map((spec) => target(file, spec))
        .filter((t) => !allowed(t))
        .map((t) => `${file} -> ${t}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps shared/scim free of process.env and I/O', () => {
    const offending = sourceFiles('shared/scim').filter((file) => /process\.env|require\(|fetch\(/.test(readFileSync(join(root, file), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('keeps every function file a registration', () => {
    for (const file of sourceFiles('functions')) {
      expect(readFileSync(join(root, file), 'utf8'), file).toMatch(/app\.(http|timer)\(/);
    }
  });
});
