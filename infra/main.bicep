// Roster on Azure: a Flex Consumption Function App (Linux, Node 22) over Table Storage, reaching
// storage, Key Vault and Application Insights with a user-assigned managed identity and no shared
// keys. Shaped like the Functions Flex Consumption quickstart (Azure-Samples/functions-quickstart-
// typescript-azd): this file creates the resource group and wires the modules under app/.
//
// Deploy with `azd up`, or `az deployment sub create` (README, "Deploy to Azure"). Redeploying is
// safe: the signing keys and the admin key are created once by app/secrets.bicep and never rotated.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (e.g. roster-prod); with the subscription and location it decides every resource name.')
param environmentName string

@minLength(1)
@description('Region for every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create or reuse; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of a person or group who operates this deployment: gets Key Vault Secrets Officer on the vault to read the management key and rotate secrets. Empty: nobody (CI deployments).')
param operatorPrincipalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('The table that holds every directory; the app setting ROSTER_TABLE_NAME names the same table.')
param tableName string = 'roster'

@description('Upper bound of instances the Flex Consumption plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

// The admin console's sign-in (docs/CONSOLE-SIGN-IN.md). Without consoleClientId the console
// takes the admin key only; with it, App Service Authentication signs admins in with Entra ID.
@description('Application (client) id of the Entra app registration the console signs admins in with (redirect URI https://<app>/.auth/login/aad/callback). Empty: no Entra sign-in, the admin key only.')
param consoleClientId string = ''

@secure()
@description('Client secret of that app registration, stored in Key Vault as roster-console-client-secret. Empty: keep the secret already in the vault (or set it there yourself).')
param consoleClientSecret string = ''

@description('App role (its value) whose holders may use the console.')
param consoleAdminRole string = 'Roster.Admin'

@description('Object id of an Entra group whose members may use the console; then App Service admits only that group. Empty: the app role decides.')
param consoleAdminGroupId string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-roster-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var keyVaultName = 'kv-${resourceToken}'

// The Key Vault secrets Roster reads through Key Vault references (app/api.bicep) and that
// app/secrets.bicep creates once.
var signingKeysSecretName = 'roster-signing-keys'
var adminKeySecretName = 'roster-admin-key'
// Written by app/console-secret.bicep from the consoleClientSecret parameter, when one is given.
var consoleClientSecretName = 'roster-console-client-secret'
var consoleSignIn = !empty(consoleClientId)

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identities 'app/identity.bicep' = {
  name: 'identities'
  scope: rg
  params: {
    location: location
    tags: tags
    appIdentityName: 'id-roster-${resourceToken}'
    secretsIdentityName: 'id-roster-secrets-${resourceToken}'
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    deploymentContainerName: deploymentContainerName
    tableName: tableName
  }
}

module vault 'app/key-vault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: keyVaultName
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'roleAssignments'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: vault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identities.outputs.appPrincipalId
    secretsPrincipalId: identities.outputs.secretsPrincipalId
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
}

module secrets 'app/secrets.bicep' = {
  name: 'secrets'
  scope: rg
  params: {
    location: location
    tags: tags
    keyVaultName: vault.outputs.name
    identityId: identities.outputs.secretsIdentityId
    signingKeysSecretName: signingKeysSecretName
    adminKeySecretName: adminKeySecretName
  }
  dependsOn: [
    rbac
  ]
}

module consoleSecret 'app/console-secret.bicep' = if (consoleSignIn && !empty(consoleClientSecret)) {
  name: 'consoleSecret'
  scope: rg
  params: {
    keyVaultName: vault.outputs.name
    secretName: consoleClientSecretName
    value: consoleClientSecret
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: 'plan-${resourceToken}'
    identityId: identities.outputs.appIdentityId
    identityClientId: identities.outputs.appClientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    tableName: tableName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: vault.outputs.name
    signingKeysSecretName: signingKeysSecretName
    adminKeySecretName: adminKeySecretName
    consoleClientId: consoleClientId
    consoleClientSecretName: consoleClientSecretName
    consoleAdminRole: consoleAdminRole
    consoleAdminGroupId: consoleAdminGroupId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The app resolves its Key Vault references when it starts: the secrets and the roles that
  // read them must exist first.
  dependsOn: [
    rbac
    secrets
    consoleSecret
  ]
}

// Names and locations only: no secret, key or connection string leaves this deployment.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output ROSTER_TENANT_URL string = 'https://${api.outputs.defaultHostName}/api/scim/v2'
output ROSTER_CONSOLE_URL string = 'https://${api.outputs.defaultHostName}/api/console/'
// The redirect URI to register on the console's app registration (docs/CONSOLE-SIGN-IN.md).
output ROSTER_CONSOLE_REDIRECT_URI string = 'https://${api.outputs.defaultHostName}/.auth/login/aad/callback'
output ROSTER_MANAGEMENT_KEY_COMMAND string = 'az keyvault secret show --vault-name ${vault.outputs.name} --name ${adminKeySecretName} --query value --output tsv'
