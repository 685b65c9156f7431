import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config';

const CONNECTION = 'DefaultEndpointsProtocol=https;AccountName=roster;AccountKey=c3VwZXItc2VjcmV0LWFjY291bnQta2V5;EndpointSuffix=core.windows.net';
const SIGNING_KEYS = '{"keys":[{"kid":"k1","secret":"VGhpcy1pcy1hLXZlcnktc2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ"}]}';
const REQUIRED = { ROSTER_STORAGE_CONNECTION: CONNECTION, ROSTER_SIGNING_KEYS: SIGNING_KEYS };

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills every default around the two required settings', () => {
    expect(loadConfig(REQUIRED)).toEqual({
      storageConnection: CONNECTION,
      tableName: 'roster',
      signingKeys: SIGNING_KEYS,
      signingKeyFile: undefined,
      tokenIssuer: 'roster',
      tokenAudience: 'roster-scim',
      maxBodyBytes: 1048576,
      maxPageSize: 200,
      keyCacheSeconds: 60,
    });
  });

  it('reads every setting it is given', () => {
    const config = loadConfig({
      ROSTER_STORAGE_CONNECTION: 'UseDevelopmentStorage=true',
      ROSTER_TABLE_NAME: 'Directory2',
      ROSTER_SIGNING_KEY_FILE: '/home/site/keys.json',
      ROSTER_TOKEN_ISSUER: 'https://roster.example',
      ROSTER_MAX_BODY_BYTES: '2048',
      ROSTER_MAX_PAGE_SIZE: '1000',
      ROSTER_KEY_CACHE_SECONDS: '0',
    });
    expect(config).toMatchObject({
      storageConnection: 'UseDevelopmentStorage=true',
      tableName: 'Directory2',
      signingKeys: undefined,
      signingKeyFile: '/home/site/keys.json',
      tokenIssuer: 'https://roster.example',
      maxBodyBytes: 2048,
      maxPageSize: 1000,
      keyCacheSeconds: 0,
    });
  });

  it('accepts the signing key file instead of the signing keys', () => {
    expect(loadConfig({ ROSTER_STORAGE_CONNECTION: CONNECTION, ROSTER_SIGNING_KEY_FILE: '.roster/signing-keys.json' }).signingKeyFile).toBe(
      '.roster/signing-keys.json',
    );
  });

  it('ignores settings that are not its own', () => {
    expect(() => loadConfig({ ...REQUIRED, PATH: '/usr/bin', AzureWebJobsStorage: 'x', ROSTER_UNKNOWN: 'y' })).not.toThrow();
  });

  describe('empty settings count as unset', () => {
    it.each(['', '   ', '\t'])('uses the defaults for optional settings set to %j', (empty) => {
      const config = loadConfig({
        ...REQUIRED,
        ROSTER_TABLE_NAME: empty,
        ROSTER_TOKEN_ISSUER: empty,
        ROSTER_MAX_BODY_BYTES: empty,
        ROSTER_MAX_PAGE_SIZE: empty,
        ROSTER_KEY_CACHE_SECONDS: empty,
        ROSTER_SIGNING_KEY_FILE: empty,
      });
      expect(config).toMatchObject({ tableName: 'roster', tokenIssuer: 'roster', maxBodyBytes: 1048576, maxPageSize: 200, keyCacheSeconds: 60 });
      expect(config.signingKeyFile).toBeUndefined();
    });

    it('treats an empty storage connection as missing', () => {
      expect(configError({ ...REQUIRED, ROSTER_STORAGE_CONNECTION: '' }).message).toContain('ROSTER_STORAGE_CONNECTION');
    });

    it('treats empty signing settings as missing', () => {
      const error = configError({ ROSTER_STORAGE_CONNECTION: CONNECTION, ROSTER_SIGNING_KEYS: ' ', ROSTER_SIGNING_KEY_FILE: '' });
      expect(error.message).toContain('ROSTER_SIGNING_KEYS');
    });

    it('falls back to the key file when the signing keys are empty', () => {
      const config = loadConfig({ ROSTER_STORAGE_CONNECTION: CONNECTION, ROSTER_SIGNING_KEYS: '', ROSTER_SIGNING_KEY_FILE: 'keys.json' });
      expect(config.signingKeys).toBeUndefined();
      expect(config.signingKeyFile).toBe('keys.json');
    });
  });

  describe('missing required settings', () => {
    it('names ROSTER_STORAGE_CONNECTION when it is missing', () => {
      const error = configError({ ROSTER_SIGNING_KEYS: SIGNING_KEYS });
      expect(error.name).toBe('ConfigError');
      expect(error.message).toContain('ROSTER_STORAGE_CONNECTION');
      expect(error.message).not.toContain('ROSTER_SIGNING_KEY');
    });

    it('names both signing settings when neither is set', () => {
      const error = configError({ ROSTER_STORAGE_CONNECTION: CONNECTION });
      expect(error.message).toContain('ROSTER_SIGNING_KEYS');
      expect(error.message).toContain('ROSTER_SIGNING_KEY_FILE');
    });

    it('names every missing setting at once', () => {
      const error = configError({});
      expect(error.message).toContain('ROSTER_STORAGE_CONNECTION');
      expect(error.message).toContain('ROSTER_SIGNING_KEYS');
    });
  });

  describe('malformed settings', () => {
    it.each<[string, string]>([
      ['ROSTER_TABLE_NAME', 'ro'],
      ['ROSTER_TABLE_NAME', '1roster'],
      ['ROSTER_TABLE_NAME', 'roster-table'],
      ['ROSTER_TABLE_NAME', 'r'.repeat(64)],
      ['ROSTER_MAX_BODY_BYTES', 'lots'],
      ['ROSTER_MAX_BODY_BYTES', '1023'],
      ['ROSTER_MAX_BODY_BYTES', '12.5'],
      ['ROSTER_MAX_BODY_BYTES', String(16 * 1024 * 1024 + 1)],
      ['ROSTER_MAX_PAGE_SIZE', '0'],
      ['ROSTER_MAX_PAGE_SIZE', '1001'],
      ['ROSTER_MAX_PAGE_SIZE', 'ten'],
      ['ROSTER_KEY_CACHE_SECONDS', '-1'],
      ['ROSTER_KEY_CACHE_SECONDS', '601'],
    ])('names %s when it is %j', (name, value) => {
      expect(configError({ ...REQUIRED, [name]: value }).message).toContain(name);
    });

    it.each<[string, string]>([
      ['ROSTER_MAX_BODY_BYTES', '1024'],
      ['ROSTER_MAX_BODY_BYTES', String(16 * 1024 * 1024)],
      ['ROSTER_MAX_PAGE_SIZE', '1'],
      ['ROSTER_KEY_CACHE_SECONDS', '600'],
      ['ROSTER_TABLE_NAME', `R${'r'.repeat(62)}`],
    ])('accepts the boundary %s=%j', (name, value) => {
      expect(() => loadConfig({ ...REQUIRED, [name]: value })).not.toThrow();
    });
  });

  describe('secrets', () => {
    const secrets = [CONNECTION, 'c3VwZXItc2VjcmV0LWFjY291bnQta2V5', SIGNING_KEYS, 'VGhpcy1pcy1hLXZlcnktc2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ'];

    it.each<[string, NodeJS.ProcessEnv]>([
      ['storage is set and signing is missing', { ROSTER_STORAGE_CONNECTION: CONNECTION }],
      ['signing is set and storage is missing', { ROSTER_SIGNING_KEYS: SIGNING_KEYS }],
      ['another setting is malformed', { ...REQUIRED, ROSTER_MAX_PAGE_SIZE: 'many' }],
      ['the table name is malformed', { ...REQUIRED, ROSTER_TABLE_NAME: 'not a table' }],
      ['a secret was pasted into the wrong setting', { ...REQUIRED, ROSTER_TABLE_NAME: CONNECTION, ROSTER_MAX_BODY_BYTES: SIGNING_KEYS }],
    ])('never appear in the message when %s', (_, env) => {
      const message = configError(env).message;
      for (const secret of secrets) expect(message).not.toContain(secret);
    });
  });
});
