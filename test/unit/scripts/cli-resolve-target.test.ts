import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../scripts/cli/cli-error';
import { parseBaseUrl, resolveTarget, type TargetContext } from '../../../scripts/cli/resolve-target';

const KEY = 'k'.repeat(43);
const dataRoot = '/data/roster';
const keyFile = join(dataRoot, '.roster', 'admin-key');

function context(env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}): TargetContext {
  return { env, dataRoot: () => dataRoot, readFile: (path) => files[path] };
}

function failure(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error('expected a CliError');
}

describe('resolveTarget', () => {
  it('targets the local instance on ROSTER_PORT, 7071 by default', () => {
    expect(resolveTarget({ adminKey: KEY }, context()).baseUrl).toBe('http://localhost:7071');
    expect(resolveTarget({ adminKey: KEY }, context({ ROSTER_PORT: '8080' }))).toMatchObject({ baseUrl: 'http://localhost:8080', local: true });
    expect(resolveTarget({ adminKey: KEY }, context({ ROSTER_PORT: '' })).baseUrl).toBe('http://localhost:7071');
  });

  it('refuses a ROSTER_PORT that is not a port', () => {
    expect(failure(() => resolveTarget({ adminKey: KEY }, context({ ROSTER_PORT: 'http' }))).message).toBe('ROSTER_PORT: expected a port number, got "http"');
  });

  it('prefers --admin-key, then ROSTER_ADMIN_KEY, then the local key file', () => {
    const files = { [keyFile]: 'from-file\n' };
    expect(resolveTarget({ adminKey: 'from-flag' }, context({ ROSTER_ADMIN_KEY: 'from-env' }, files))).toMatchObject({ adminKey: 'from-flag', keySource: '--admin-key' });
    expect(resolveTarget({}, context({ ROSTER_ADMIN_KEY: ' from-env ' }, files))).toMatchObject({ adminKey: 'from-env', keySource: 'ROSTER_ADMIN_KEY' });
    expect(resolveTarget({}, context({ ROSTER_ADMIN_KEY: '' }, files))).toMatchObject({ adminKey: 'from-file', keySource: keyFile });
  });

  it('never sends the local key file to a deployment', () => {
    const error = failure(() => resolveTarget({ url: 'https://roster.example' }, context({}, { [keyFile]: KEY })));
    expect(error.code).toBe('no-admin-key');
    expect(error.message).toBe('no admin key for https://roster.example: set ROSTER_ADMIN_KEY or pass --admin-key (a deployment keeps it in Key Vault as roster-admin-key)');
  });

  it('uses the key file for a loopback --url too', () => {
    expect(resolveTarget({ url: 'http://127.0.0.1:5000' }, context({}, { [keyFile]: KEY }))).toMatchObject({ local: true, adminKey: KEY });
  });

  it('says where the key would be when there is none', () => {
    const error = failure(() => resolveTarget({}, context()));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`no admin key: set ROSTER_ADMIN_KEY, pass --admin-key, or run npm start once to create ${keyFile}`);
  });

  it('refuses an empty --admin-key as bad usage', () => {
    expect(failure(() => resolveTarget({ adminKey: ' ' }, context({ ROSTER_ADMIN_KEY: KEY }))).exitCode).toBe(2);
  });
});

describe('parseBaseUrl', () => {
  it.each([
    ['https://app.azurewebsites.net', 'https://app.azurewebsites.net'],
    ['https://app.azurewebsites.net/', 'https://app.azurewebsites.net'],
    ['https://app.azurewebsites.net/api/scim/v2', 'https://app.azurewebsites.net'],
    ['https://app.azurewebsites.net/api/scim/v2/', 'https://app.azurewebsites.net'],
    ['https://app.azurewebsites.net/api', 'https://app.azurewebsites.net'],
    ['https://gateway.example/roster/api/manage', 'https://gateway.example/roster'],
    ['http://127.0.0.1:7071', 'http://127.0.0.1:7071'],
  ])('reads %s as %s', (text, base) => {
    expect(parseBaseUrl(text)).toBe(base);
  });

  it.each(['app.azurewebsites.net', 'ftp://x.example', 'https://user:pw@x.example', 'https://x.example/?a=1'])('refuses %s', (text) => {
    const error = failure(() => parseBaseUrl(text));
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(/^--url: /);
    expect(error.message).not.toContain('pw');
  });
});
