import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { afterEach, vi } from 'vitest';
import { LOCAL_ONLY_SETTINGS, REQUIRED_IN_AZURE, SECRET_SETTINGS, SETTING_NAMES } from '../../shared/config';
import { getServices, resetServices, tableTarget } from '../../shared/http/services';
import { ScimError } from '../../shared/scim/errors';
import { createTableClient } from '../../shared/store/table-client';

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
      adminKey: undefined,
      consoleAuth: { mode: 'admin-key', adminRole: 'Roster.Admin', adminGroupId: undefined },
      rateLimit: { perSecond: 100, burst: 200 },
      oauthTokenMinutes: 60,
      entraJwksUrl: 'https://login.microsoftonline.com/common/discovery/keys',
      reconcile: { schedule: '0 */30 * * * *', journalRetentionDays: 90, deactivatedRetentionDays: 0, maxSeconds: 600, maxReadsPerSecond: 500 },
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

const ENDPOINT = 'https://rosterstore.table.core.windows.net';
const CLIENT_ID = '6f1c3a52-9d0e-4b8a-a2f4-0c5e7d9b1a23';
const ADMIN_KEY = 'YWRtaW4ta2V5LWZvci10aGUtbWFuYWdlbWVudC1hcGk';
const IN_AZURE = { ROSTER_STORAGE_TABLE_ENDPOINT: `${ENDPOINT}/`, AZURE_CLIENT_ID: CLIENT_ID, ROSTER_SIGNING_KEYS: SIGNING_KEYS };

describe('storage in Azure', () => {
  it('reaches the table endpoint with the managed identity instead of a connection string', () => {
    expect(loadConfig(IN_AZURE)).toMatchObject({ storageTableEndpoint: ENDPOINT, managedIdentityClientId: CLIENT_ID, storageConnection: undefined });
  });

  it('needs exactly one of the connection string and the table endpoint', () => {
    const both = configError({ ...IN_AZURE, ROSTER_STORAGE_CONNECTION: CONNECTION }).message;
    expect(both).toContain('set only one of ROSTER_STORAGE_CONNECTION and ROSTER_STORAGE_TABLE_ENDPOINT');
    expect(both).not.toContain(CONNECTION);
    const neither = configError({ ROSTER_SIGNING_KEYS: SIGNING_KEYS }).message;
    expect(neither).toContain('ROSTER_STORAGE_CONNECTION');
    expect(neither).toContain('ROSTER_STORAGE_TABLE_ENDPOINT');
  });

  it.each([
    ['plain http', 'http://rosterstore.table.core.windows.net'],
    ['not a URL', 'rosterstore'],
    ['a URL carrying a SAS token', `${ENDPOINT}/?sv=2024-01-01&sig=c2VjcmV0LXNpZ25hdHVyZQ`],
    ['a connection string', CONNECTION],
  ])('refuses %s as the table endpoint, without echoing it', (_, value) => {
    const message = configError({ ...IN_AZURE, ROSTER_STORAGE_TABLE_ENDPOINT: value }).message;
    expect(message).toContain('ROSTER_STORAGE_TABLE_ENDPOINT');
    expect(message).not.toContain(value);
  });

  it('refuses an AZURE_CLIENT_ID that is not a client id', () => {
    expect(configError({ ...IN_AZURE, AZURE_CLIENT_ID: 'my-identity' }).message).toContain('AZURE_CLIENT_ID');
  });
});

describe('the admin key', () => {
  it('is optional', () => {
    expect(loadConfig(REQUIRED).adminKey).toBeUndefined();
  });

  it('is read when set', () => {
    expect(loadConfig({ ...REQUIRED, ROSTER_ADMIN_KEY: ADMIN_KEY }).adminKey).toBe(ADMIN_KEY);
  });

  it('has at least 32 characters, and a short one is never echoed', () => {
    const short = 'too-short-admin-key-0123456789a';
    const message = configError({ ...REQUIRED, ROSTER_ADMIN_KEY: short }).message;
    expect(message).toContain('ROSTER_ADMIN_KEY');
    expect(message).not.toContain(short);
    expect(loadConfig({ ...REQUIRED, ROSTER_ADMIN_KEY: `${short}b` }).adminKey).toHaveLength(32);
  });
});

describe('console sign-in', () => {
  const GROUP = '5D6E7F80-1A2B-4C3D-8E9F-0A1B2C3D4E5F';

  it('is the admin key alone unless App Service sign-in is asked for', () => {
    expect(loadConfig(REQUIRED).consoleAuth.mode).toBe('admin-key');
    expect(loadConfig({ ...REQUIRED, ROSTER_CONSOLE_AUTH: '' }).consoleAuth.mode).toBe('admin-key');
  });

  it('reads App Service sign-in with its role and group', () => {
    const config = loadConfig({ ...REQUIRED, ROSTER_CONSOLE_AUTH: 'appservice', ROSTER_CONSOLE_ADMIN_ROLE: 'Directory.Admin', ROSTER_CONSOLE_ADMIN_GROUP: GROUP });
    expect(config.consoleAuth).toEqual({ mode: 'appservice', adminRole: 'Directory.Admin', adminGroupId: GROUP.toLowerCase() });
  });

  it.each<[string, string]>([
    ['ROSTER_CONSOLE_AUTH', 'easyauth'],
    ['ROSTER_CONSOLE_AUTH', 'AppService '],
    ['ROSTER_CONSOLE_ADMIN_ROLE', 'Roster Admin'],
    ['ROSTER_CONSOLE_ADMIN_ROLE', 'r'.repeat(121)],
    ['ROSTER_CONSOLE_ADMIN_GROUP', 'Roster Admins'],
    ['ROSTER_CONSOLE_ADMIN_GROUP', `${GROUP}0`],
  ])('names %s when it is %j, without echoing it', (name, value) => {
    const message = configError({ ...REQUIRED, [name]: value }).message;
    expect(message).toContain(name);
    expect(message).not.toContain(value.trim());
  });
});

describe('Key Vault references App Service could not resolve', () => {
  const reference = '@Microsoft.KeyVault(VaultName=kv-abc;SecretName=roster-admin-key)';

  it.each(['ROSTER_SIGNING_KEYS', 'ROSTER_ADMIN_KEY'])('stop Roster instead of being taken as %s', (name) => {
    const message = configError({ ...IN_AZURE, [name]: reference }).message;
    expect(message).toContain(`${name}: the Key Vault reference did not resolve`);
    expect(message).toContain('Key Vault Secrets User');
  });
});

describe('the setting lists infra/ is checked against', () => {
  it('name only settings loadConfig reads', () => {
    for (const list of [REQUIRED_IN_AZURE, LOCAL_ONLY_SETTINGS, SECRET_SETTINGS]) {
      expect(list.filter((name) => !SETTING_NAMES.includes(name))).toEqual([]);
    }
    expect(REQUIRED_IN_AZURE.filter((name) => LOCAL_ONLY_SETTINGS.includes(name))).toEqual([]);
  });

  it('require in Azure what it takes to start there', () => {
    const azure = { ...IN_AZURE, ROSTER_TABLE_NAME: 'roster', ROSTER_ADMIN_KEY: ADMIN_KEY, ROSTER_RECONCILE_SCHEDULE: '0 */30 * * * *' };
    expect(Object.keys(azure).sort()).toEqual([...REQUIRED_IN_AZURE].sort());
    expect(() => loadConfig(azure)).not.toThrow();
    for (const name of ['ROSTER_STORAGE_TABLE_ENDPOINT', 'ROSTER_SIGNING_KEYS']) {
      expect(configError({ ...azure, [name]: undefined }).message).toContain(name);
    }
  });
});

describe('the table client the settings choose', () => {
  it('uses the connection string for Azurite', () => {
    expect(tableTarget(loadConfig(REQUIRED))).toBe(CONNECTION);
  });

  it('uses the user-assigned managed identity that AZURE_CLIENT_ID names, and nothing else', () => {
    const target = tableTarget(loadConfig(IN_AZURE));
    expect(target).toMatchObject({ endpoint: ENDPOINT });
    expect(typeof target === 'object' && target.credential).toBeInstanceOf(ManagedIdentityCredential);
    expect(createTableClient(target, 'roster').url).toBe(ENDPOINT);
  });

  it('falls back to DefaultAzureCredential (az login) without AZURE_CLIENT_ID', () => {
    const target = tableTarget(loadConfig({ ...IN_AZURE, AZURE_CLIENT_ID: undefined }));
    expect(typeof target === 'object' && target.credential).toBeInstanceOf(DefaultAzureCredential);
  });
});

describe('getServices with a setting missing', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetServices();
    vi.restoreAllMocks();
  });

  it('answers 503 naming the setting on every request, and logs the problem once', async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('ROSTER_')) delete process.env[name];
    process.env.ROSTER_STORAGE_TABLE_ENDPOINT = ENDPOINT;
    process.env.ROSTER_ADMIN_KEY = '@Microsoft.KeyVault(VaultName=kv-abc;SecretName=roster-admin-key)';
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    resetServices();
    const failures: unknown[] = [];
    for (let i = 0; i < 3; i++) failures.push(await getServices().catch((e: unknown) => e));
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(ScimError);
      const error = failure as ScimError;
      expect(error.status).toBe(503);
      expect(error.headers['Retry-After']).toBeDefined();
      expect(error.detail).toContain('ROSTER_SIGNING_KEYS');
      expect(error.detail).toContain('ROSTER_ADMIN_KEY: the Key Vault reference did not resolve');
    }
    expect(log).toHaveBeenCalledTimes(1);
  });
});
