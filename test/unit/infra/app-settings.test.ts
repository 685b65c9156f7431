import { describe, expect, it } from 'vitest';
import { LOCAL_ONLY_SETTINGS, REQUIRED_IN_AZURE, SECRET_SETTINGS, SETTING_NAMES, loadConfig } from '../../../shared/config';
import { generateSigningKeySet } from '../../../shared/auth/signing-keys';
import { modules, parseBicep, properties, property, resources, stringValue, templateText, variables, type Node } from './bicep-tree';

/** DESIGN/house rule 11: Bicep app-setting names equal the config names. */
const api = parseBicep('infra/app/api.bicep');
const main = parseBicep('infra/main.bicep');

const appSettingsResource = resources(api).find((r) => r.type.startsWith('Microsoft.Web/sites/config@') && stringValue(property(r.body, 'name')) === 'appsettings');
const settings = properties(property(appSettingsResource?.body, 'properties'));
const names = [...settings.keys()];
const roster = names.filter((name) => (SETTING_NAMES as string[]).includes(name));

/** The Functions host's own settings: identity-based AzureWebJobsStorage and Application Insights. */
const HOST_SETTING = /^(AzureWebJobsStorage__(accountName|credential|clientId)|APPLICATIONINSIGHTS_(CONNECTION|AUTHENTICATION)_STRING)$/;

function text(name: string): string {
  const node = settings.get(name);
  if (!node) throw new Error(`${name} is not set`);
  return templateText(node);
}

describe('the app settings infra/app/api.bicep sets', () => {
  it('are found', () => {
    expect(appSettingsResource).toBeDefined();
    expect(names.length).toBeGreaterThan(5);
  });

  it('include every setting Roster needs in Azure', () => {
    expect(REQUIRED_IN_AZURE.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('include no setting meant for a developer machine', () => {
    expect(names.filter((name) => (LOCAL_ONLY_SETTINGS as string[]).includes(name))).toEqual([]);
  });

  it('are either settings shared/config.ts reads or the Functions host\'s own', () => {
    expect(names.filter((name) => !roster.includes(name) && !HOST_SETTING.test(name))).toEqual([]);
  });

  it('bring every secret in as a Key Vault reference, never as a value', () => {
    const secrets = roster.filter((name) => (SECRET_SETTINGS as string[]).includes(name));
    expect(secrets.sort()).toEqual(['ROSTER_ADMIN_KEY', 'ROSTER_SIGNING_KEYS']);
    expect(text('ROSTER_SIGNING_KEYS')).toBe('@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${signingKeysSecretName})');
    expect(text('ROSTER_ADMIN_KEY')).toBe('@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${adminKeySecretName})');
  });

  it('reach Roster\'s table with the managed identity', () => {
    expect(text('ROSTER_STORAGE_TABLE_ENDPOINT')).toBe('storage.properties.primaryEndpoints.table');
    expect(text('AZURE_CLIENT_ID')).toBe('identityClientId');
    expect(names).not.toContain('ROSTER_STORAGE_CONNECTION');
  });

  it('give the host identity-based storage, so it needs no shared key', () => {
    expect(names).not.toContain('AzureWebJobsStorage');
    expect(text('AzureWebJobsStorage__accountName')).toBe('storage.name');
    expect(stringValue(settings.get('AzureWebJobsStorage__credential'))).toBe('managedidentity');
    expect(text('AzureWebJobsStorage__clientId')).toBe('identityClientId');
  });

  it('send telemetry with the identity, as Application Insights without local auth requires', () => {
    expect(text('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')).toBe('ClientId=${identityClientId};Authorization=AAD');
  });

  it('are accepted by loadConfig once App Service has resolved them', () => {
    const resolved: Record<string, string> = {
      ROSTER_STORAGE_TABLE_ENDPOINT: 'https://stabc123.table.core.windows.net/',
      AZURE_CLIENT_ID: '6f1c3a52-9d0e-4b8a-a2f4-0c5e7d9b1a23',
      ROSTER_TABLE_NAME: 'roster',
      ROSTER_SIGNING_KEYS: generateSigningKeySet('k20250101'),
      ROSTER_ADMIN_KEY: 'Qm9vdHN0cmFwLWFkbWluLWtleS0wMTIzNDU2Nzg5YWJj',
      ROSTER_RECONCILE_SCHEDULE: '0 */30 * * * *',
    };
    expect(Object.keys(resolved).sort()).toEqual([...roster].sort());
    const config = loadConfig(resolved);
    expect(config).toMatchObject({
      storageTableEndpoint: 'https://stabc123.table.core.windows.net',
      managedIdentityClientId: '6f1c3a52-9d0e-4b8a-a2f4-0c5e7d9b1a23',
      tableName: 'roster',
      adminKey: resolved.ROSTER_ADMIN_KEY,
    });
    expect(config.storageConnection).toBeUndefined();
  });
});

describe('the names that tie the template together', () => {
  const mainVars = new Map(variables(main).map((v) => [v.name, v.value]));
  const moduleParam = (module: string, param: string): Node | undefined =>
    property(modules(main).find((m) => m.name === module)?.body, `params.${param}`);

  it('are roster-signing-keys and roster-admin-key for the Key Vault secrets', () => {
    expect(stringValue(mainVars.get('signingKeysSecretName'))).toBe('roster-signing-keys');
    expect(stringValue(mainVars.get('adminKeySecretName'))).toBe('roster-admin-key');
  });

  it.each(['signingKeysSecretName', 'adminKeySecretName'])('give the script that creates %s and the app that reads it the same name', (name) => {
    expect(moduleParam('secrets', name)?.text).toBe(name);
    expect(moduleParam('api', name)?.text).toBe(name);
  });

  it('give the table the template creates and ROSTER_TABLE_NAME the same name', () => {
    expect(moduleParam('storage', 'tableName')?.text).toBe('tableName');
    expect(moduleParam('api', 'tableName')?.text).toBe('tableName');
    expect(text('ROSTER_TABLE_NAME')).toBe('tableName');
    const storage = parseBicep('infra/app/storage.bicep');
    const table = resources(storage).find((r) => r.type.startsWith('Microsoft.Storage/storageAccounts/tableServices/tables@'));
    expect(property(table?.body, 'name')?.text).toBe('tableName');
  });

  it('give the app the vault that the secrets are written to', () => {
    expect(moduleParam('secrets', 'keyVaultName')?.text).toBe('vault.outputs.name');
    expect(moduleParam('api', 'keyVaultName')?.text).toBe('vault.outputs.name');
  });
});
