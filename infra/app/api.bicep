// The Flex Consumption plan and the Function App (Linux, Node 22) that serves Roster, running as
// the app's user-assigned identity. App setting names are the names shared/config.ts reads
// (test/unit/infra/app-settings.test.ts keeps them equal); secrets arrive as Key Vault
// references, never as values.
param location string
param tags object = {}
param name string
param planName string
@description('Resource id of the app\'s user-assigned identity.')
param identityId string
@description('Client id of the same identity: AZURE_CLIENT_ID for Roster, __clientId for the host.')
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param tableName string
param applicationInsightsName string
param keyVaultName string
param signingKeysSecretName string
param adminKeySecretName string
@description('Application (client) id of the console\'s Entra app registration; empty: no App Service sign-in (the admin key only).')
param consoleClientId string = ''
@description('Key Vault secret holding that app registration\'s client secret.')
param consoleClientSecretName string
@description('Entra app role (value) that admits a signed-in user to the console.')
param consoleAdminRole string = 'Roster.Admin'
@description('Object id of an Entra group whose members are admitted too; empty: the app role alone.')
param consoleAdminGroupId string = ''
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

var consoleSignIn = !empty(consoleClientId)
// The setting name the App Service Authentication blade uses for the client secret.
var consoleSecretSettingName = 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the service to deploy to by this tag (azure.yaml, service `api`).
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (there is no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

// The console's sign-in, when there is an app registration for it (console-auth.bicep).
module consoleAuth 'console-auth.bicep' = if (consoleSignIn) {
  name: 'consoleAuth'
  params: {
    siteName: site.name
    clientId: consoleClientId
    clientSecretSettingName: consoleSecretSettingName
    adminGroupId: consoleAdminGroupId
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  // ROSTER_CONSOLE_AUTH=appservice makes Roster trust X-MS-CLIENT-PRINCIPAL: only once App Service
  // Authentication, which vouches for it, is on.
  dependsOn: [
    consoleAuth
  ]
  properties: {
    // The Functions host's own storage, by identity (the account allows no shared key).
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // Application Insights with local auth disabled: telemetry is sent with the identity's token.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // Roster (shared/config.ts).
    ROSTER_STORAGE_TABLE_ENDPOINT: storage.properties.primaryEndpoints.table
    AZURE_CLIENT_ID: identityClientId
    ROSTER_TABLE_NAME: tableName
    ROSTER_SIGNING_KEYS: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${signingKeysSecretName})'
    ROSTER_ADMIN_KEY: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${adminKeySecretName})'
    // The reconciliation timer's schedule (functions/reconcile.ts reads %ROSTER_RECONCILE_SCHEDULE%).
    ROSTER_RECONCILE_SCHEDULE: '0 */30 * * * *'
    // The console's sign-in (docs/CONSOLE-SIGN-IN.md); empty settings count as unset.
    ROSTER_CONSOLE_AUTH: consoleSignIn ? 'appservice' : 'admin-key'
    ROSTER_CONSOLE_ADMIN_ROLE: consoleAdminRole
    ROSTER_CONSOLE_ADMIN_GROUP: consoleAdminGroupId
    // App Service Authentication's client secret (authsettingsV2 clientSecretSettingName), read by
    // the platform, not by Roster.
    MICROSOFT_PROVIDER_AUTHENTICATION_SECRET: consoleSignIn ? '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${consoleClientSecretName})' : ''
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
