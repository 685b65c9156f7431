import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveTarget } from '../../../scripts/cli/resolve-target';
import { printDevBanner } from '../../../scripts/dev-banner';
import { prepareDevAdminKey } from '../../../shared/dev/dev-directory';

/** The local admin key: `npm start` writes it once, `roster` finds it there. */
let root: string;
let saved: string | undefined;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'roster-admin-key-'));
  saved = process.env.ROSTER_ADMIN_KEY;
  delete process.env.ROSTER_ADMIN_KEY;
});

afterEach(() => {
  if (saved === undefined) delete process.env.ROSTER_ADMIN_KEY;
  else process.env.ROSTER_ADMIN_KEY = saved;
  rmSync(root, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const cliTarget = () => resolveTarget({}, { env: {}, dataRoot: () => root, readFile: (p) => readFileSync(p, 'utf8') });

describe('prepareDevAdminKey', () => {
  it('generates 32 random bytes as base64url into .roster/admin-key, readable by its owner only, and sets ROSTER_ADMIN_KEY', () => {
    const { key, file } = prepareDevAdminKey(root);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(file).toBe(join(root, '.roster', 'admin-key'));
    expect(readFileSync(file!, 'utf8')).toBe(`${key}\n`);
    if (process.platform !== 'win32') expect(statSync(file!).mode & 0o777).toBe(0o600);
    expect(process.env.ROSTER_ADMIN_KEY).toBe(key);
  });

  it('keeps the key across starts', () => {
    const first = prepareDevAdminKey(root).key;
    delete process.env.ROSTER_ADMIN_KEY;
    expect(prepareDevAdminKey(root).key).toBe(first);
  });

  it('leaves a key the user set alone and writes no file', () => {
    process.env.ROSTER_ADMIN_KEY = 'mine-'.repeat(8);
    expect(prepareDevAdminKey(root)).toEqual({});
    expect(process.env.ROSTER_ADMIN_KEY).toBe('mine-'.repeat(8));
    expect(() => statSync(join(root, '.roster', 'admin-key'))).toThrow();
  });

  it('refuses a key file too short for the management API', () => {
    mkdirSync(join(root, '.roster'));
    writeFileSync(join(root, '.roster', 'admin-key'), 'short\n');
    expect(() => prepareDevAdminKey(root)).toThrow(/admin-key holds a key shorter than 32 characters/);
  });

  it('writes the key where the CLI looks for it', () => {
    const { key } = prepareDevAdminKey(root);
    expect(cliTarget()).toMatchObject({ baseUrl: 'http://localhost:7071', adminKey: key, keySource: join(root, '.roster', 'admin-key') });
  });
});

describe('printDevBanner', () => {
  const banner = (adminKey?: string) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printDevBanner(7071, '/api/scim/v2', 'tok', adminKey);
    return log.mock.calls.map((c) => c.join(' ')).join('\n');
  };

  it('prints the generated admin key', () => {
    expect(banner('generated-key')).toMatch(/^ {2}Admin key {5}generated-key$/m);
  });

  it("names a user's own ROSTER_ADMIN_KEY without printing it", () => {
    process.env.ROSTER_ADMIN_KEY = 'users-own-secret-admin-key-0123456789';
    const text = banner();
    expect(text).toContain('Admin key     (yours, from ROSTER_ADMIN_KEY)');
    expect(text).not.toContain('users-own-secret');
  });
});
