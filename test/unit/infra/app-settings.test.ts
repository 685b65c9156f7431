import { describe, expect, it } from 'vitest';
import { LOCAL_ONLY_SETTINGS, REQUIRED_IN_AZURE, SECRET_SETTINGS, SETTING_NAMES, loadConfig } from '../../../shared/config';
import { generateSigningKeySet } from '../../../shared/auth/signing-keys';
import { identifiersIn, modules, params, parseBicep, properties, property, resources, stringValue, templateText, variables, type Node } from './bicep-tree';

/** DESIGN/house rule 11: Bicep app-setting names equal the config names. */
const api = parseBicep('infra/app/api.bicep');
const main = parseBicep('infra/main.bicep');

const appSettingsResource = resources(api).find((r) => r.type.startsWith('Microsoft.Web/sites/config@') && stringValue(property(r.body, 'name')) === 'appsettings');
const settings = properties(property(appSettingsResource?.body, 'properties'));
const names = [...settings.keys()];
const roster = names.filter((name) => (SETTING_NAMES as string[]).includes(name));

/**
 * The platform's own settings: the Functions host's identity-based AzureWebJobsStorage and
 * Application Insights, and App Service Authentication's client secret (console sign-in).
 */
const HOST_SETTING =
  /^(AzureWebJobsStorage__(accountName|credential|clientId)|APPLICATIONINSIGHTS_(CONNECTION|AUTHENTICATION)_STRING|MICROSOFT_PROVIDER_AUTHENTICATION_SECRET)$/;

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

  it("bring App Service Authentication's client secret in as a Key Vault reference, and only with console sign-in", () => {
    const node = settings.get('MICROSOFT_PROVIDER_AUTHENTICATION_SECRET')!;
    expect(node.type).toBe('ternary_expression');
    const [condition, whenOn, whenOff] = node.namedChildren;
    expect(condition?.text).toBe('consoleSignIn');
    expect(templateText(whenOn!)).toBe('@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${consoleClientSecretName})');
    expect(stringValue(whenOff)).toBe('');
    expect(params(api).filter((p) => p.decorators.includes('secure'))).toEqual([]);
    expect(identifiersIn(api.root)).not.toContain('consoleClientSecret');
  });

  it('switch Roster to App Service sign-in exactly when App Service Authentication is deployed, and after it', () => {
    expect(text('ROSTER_CONSOLE_AUTH')).toBe("consoleSignIn ? 'appservice' : 'admin-key'");
    expect(variables(api).find((v) => v.name === 'consoleSignIn')?.value.text).toBe('!empty(consoleClientId)');
    expect(property(appSettingsResource?.body, 'dependsOn')?.namedChildren.map((n) => n.text)).toEqual(['consoleAuth']);
    for (const mode of ['appservice', 'admin-key']) {
      expect(loadConfig({ ROSTER_STORAGE_CONNECTION: 'UseDevelopmentStorage=true', ROSTER_SIGNING_KEYS: generateSigningKeySet('k'), ROSTER_CONSOLE_AUTH: mode }).consoleAuth.mode).toBe(mode);
    }
    expect(text('ROSTER_CONSOLE_ADMIN_ROLE')).toBe('consoleAdminRole');
    expect(text('ROSTER_CONSOLE_ADMIN_GROUP')).toBe('consoleAdminGroupId');
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
      ROSTER_CONSOLE_AUTH: 'appservice',
      ROSTER_CONSOLE_ADMIN_ROLE: 'Roster.Admin',
      ROSTER_CONSOLE_ADMIN_GROUP: '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
    };
    expect(Object.keys(resolved).sort()).toEqual([...roster].sort());
    const config = loadConfig(resolved);
    expect(config).toMatchObject({
      storageTableEndpoint: 'https://stabc123.table.core.windows.net',
      managedIdentityClientId: '6f1c3a52-9d0e-4b8a-a2f4-0c5e7d9b1a23',
      tableName: 'roster',
      adminKey: resolved.ROSTER_ADMIN_KEY,
      consoleAuth: { mode: 'appservice', adminRole: 'Roster.Admin', adminGroupId: resolved.ROSTER_CONSOLE_ADMIN_GROUP },
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

  it("give the module that stores the console sign-in's client secret and the app that reads it the same name", () => {
    expect(stringValue(mainVars.get('consoleClientSecretName'))).toBe('roster-console-client-secret');
    expect(moduleParam('consoleSecret', 'secretName')?.text).toBe('consoleClientSecretName');
    expect(moduleParam('api', 'consoleClientSecretName')?.text).toBe('consoleClientSecretName');
  });

  it('give the app the console sign-in parameters main.bicep takes', () => {
    for (const name of ['consoleClientId', 'consoleAdminRole', 'consoleAdminGroupId']) expect(moduleParam('api', name)?.text).toBe(name);
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
