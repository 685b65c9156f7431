// The vault holding the deployment's signing key set and the management API's admin key (and,
// with the console's Entra sign-in, its app registration's client secret).
// RBAC mode (no access policies); soft delete and purge protection, so a deleted secret or vault
// can be recovered for 90 days and issued directory keys can survive an accident.
param location string
param tags object = {}
param name string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    accessPolicies: []
  }
}

output name string = vault.name
