import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionModulePaths } from '../../../scripts/local-host/load-function-modules';
import { readRoutePrefix as readRoutePrefixFrom } from '../../../scripts/local-host/route-prefix';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'roster-main-glob-'));
  mkdirSync(join(root, 'dist', 'functions', 'nested'), { recursive: true });
  for (const name of ['users.js', 'groups.js', 'users.js.map', 'notes.txt']) writeFileSync(join(root, 'dist', 'functions', name), '');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ main: 'dist/functions/*.js' }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('functionModulePaths', () => {
  it('lists the files package.json "main" matches, sorted, skipping directories', () => {
    expect(functionModulePaths(root).map((p) => p.slice(root.length + 1).replace(/\\/g, '/'))).toEqual([
      'dist/functions/groups.js',
      'dist/functions/users.js',
    ]);
  });

  it('accepts a plain file and a leading ./', () => {
    expect(functionModulePaths(root, './dist/functions/users.js')).toEqual([join(root, 'dist', 'functions', 'users.js')]);
  });

  it('finds nothing when the build is missing', () => {
    expect(functionModulePaths(root, 'out/functions/*.js')).toEqual([]);
  });
});

describe('readRoutePrefix', () => {
  const hostJson = (content: unknown) => {
    const file = join(root, `host-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('reads extensions.http.routePrefix, allowing ""', () => {
    expect(readRoutePrefixFrom(hostJson({ extensions: { http: { routePrefix: '' } } }))).toBe('');
    expect(readRoutePrefixFrom(hostJson({ extensions: { http: { routePrefix: 'v1' } } }))).toBe('v1');
  });

  it('defaults to "api" when the setting or the file is absent', () => {
    expect(readRoutePrefixFrom(hostJson({ version: '2.0' }))).toBe('api');
    expect(readRoutePrefixFrom(join(root, 'no-such-host.json'))).toBe('api');
  });
});
