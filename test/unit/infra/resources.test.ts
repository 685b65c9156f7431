import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modules, parseBicep, property, repoRoot, resources, stringValue, type BicepFile, type ResourceDeclaration } from './bicep-tree';

function only(file: BicepFile, typePrefix: string): ResourceDeclaration {
  const found = resources(file).filter((r) => !r.existing && r.type.startsWith(`${typePrefix}@`));
  expect(found, `${file.path}: one ${typePrefix}`).toHaveLength(1);
  return found[0]!;
}

const value = (r: ResourceDeclaration, path: string) => property(r.body, path)?.text;
const text = (r: ResourceDeclaration, path: string) => stringValue(property(r.body, path));

describe('the Function App (infra/app/api.bicep)', () => {
  const api = parseBicep('infra/app/api.bicep');
  const plan = only(api, 'Microsoft.Web/serverfarms');
  const site = only(api, 'Microsoft.Web/sites');

  it('runs on a Linux Flex Consumption plan', () => {
    expect(text(plan, 'sku.tier')).toBe('FlexConsumption');
    expect(text(plan, 'sku.name')).toBe('FC1');
    expect(value(plan, 'properties.reserved')).toBe('true');
    expect(text(site, 'kind')).toBe('functionapp,linux');
    expect(value(site, 'properties.serverFarmId')).toBe('plan.id');
  });

  it('runs Node 22', () => {
    expect(text(site, 'properties.functionAppConfig.runtime.name')).toBe('node');
    expect(text(site, 'properties.functionAppConfig.runtime.version')).toBe('22');
  });

  it('runs as the user-assigned identity only, and resolves Key Vault references with it', () => {
    expect(text(site, 'identity.type')).toBe('UserAssigned');
    expect(property(site.body, 'identity.userAssignedIdentities')?.text).toContain("'${identityId}': {}");
    expect(value(site, 'properties.keyVaultReferenceIdentity')).toBe('identityId');
  });

  it('fetches its deployment package with the identity, from the deployment container', () => {
    expect(text(site, 'properties.functionAppConfig.deployment.storage.type')).toBe('blobContainer');
    expect(property(site.body, 'properties.functionAppConfig.deployment.storage.value')?.text).toContain('${deploymentContainerName}');
    expect(text(site, 'properties.functionAppConfig.deployment.storage.authentication.type')).toBe('UserAssignedIdentity');
    expect(value(site, 'properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId')).toBe('identityId');
  });

  it('answers https only, TLS 1.2 and up', () => {
    expect(value(site, 'properties.httpsOnly')).toBe('true');
    expect(text(site, 'properties.siteConfig.minTlsVersion')).toBe('1.2');
  });

  it('is tagged as the azd service `api`', () => {
    expect(property(site.body, 'tags')?.text).toContain("'azd-service-name': 'api'");
  });
});

describe('the storage account (infra/app/storage.bicep)', () => {
  const storage = parseBicep('infra/app/storage.bicep');
  const account = only(storage, 'Microsoft.Storage/storageAccounts');

  it('allows no shared-key access and no public blobs, over TLS 1.2 and https only', () => {
    expect(value(account, 'properties.allowSharedKeyAccess')).toBe('false');
    expect(value(account, 'properties.allowBlobPublicAccess')).toBe('false');
    expect(text(account, 'properties.minimumTlsVersion')).toBe('TLS1_2');
    expect(value(account, 'properties.supportsHttpsTrafficOnly')).toBe('true');
  });

  it('holds the deployment container and Roster\'s table', () => {
    expect(value(only(storage, 'Microsoft.Storage/storageAccounts/blobServices/containers'), 'name')).toBe('deploymentContainerName');
    expect(text(only(storage, 'Microsoft.Storage/storageAccounts/blobServices/containers'), 'properties.publicAccess')).toBe('None');
    expect(value(only(storage, 'Microsoft.Storage/storageAccounts/tableServices/tables'), 'name')).toBe('tableName');
  });
});

describe('the Key Vault (infra/app/key-vault.bicep)', () => {
  const vault = only(parseBicep('infra/app/key-vault.bicep'), 'Microsoft.KeyVault/vaults');

  it('authorizes with RBAC, keeps deleted secrets and cannot be purged early', () => {
    expect(value(vault, 'properties.enableRbacAuthorization')).toBe('true');
    expect(value(vault, 'properties.enableSoftDelete')).toBe('true');
    expect(value(vault, 'properties.enablePurgeProtection')).toBe('true');
    expect(Number(value(vault, 'properties.softDeleteRetentionInDays'))).toBeGreaterThanOrEqual(7);
  });
});

describe('monitoring (infra/app/monitoring.bicep)', () => {
  const monitoring = parseBicep('infra/app/monitoring.bicep');

  it('disables local auth on Log Analytics and Application Insights', () => {
    expect(value(only(monitoring, 'Microsoft.OperationalInsights/workspaces'), 'properties.features.disableLocalAuth')).toBe('true');
    const insights = only(monitoring, 'Microsoft.Insights/components');
    expect(value(insights, 'properties.DisableLocalAuth')).toBe('true');
    expect(value(insights, 'properties.WorkspaceResourceId')).toBe('logAnalytics.id');
  });
});

describe('deployment order (infra/main.bicep)', () => {
  const main = parseBicep('infra/main.bicep');
  const dependsOn = (name: string) =>
    (property(modules(main).find((m) => m.name === name)?.body, 'dependsOn')?.namedChildren ?? []).map((n) => n.text);

  it('creates the secrets after the script may write them, and the app after both', () => {
    expect(dependsOn('secrets')).toContain('rbac');
    expect(dependsOn('api')).toEqual(expect.arrayContaining(['rbac', 'secrets']));
  });

  it("stores the console sign-in's client secret before the app reads it", () => {
    expect(dependsOn('api')).toContain('consoleSecret');
  });
});

describe('host.json', () => {
  it('keeps the api route prefix the Tenant URL output assumes', () => {
    const host = JSON.parse(readFileSync(join(repoRoot, 'host.json'), 'utf8')) as { extensions?: { http?: { routePrefix?: string } } };
    expect(host.extensions?.http?.routePrefix ?? 'api').toBe('api');
  });
});
