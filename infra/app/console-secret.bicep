// The console sign-in's client secret (of the Entra app registration that App Service
// Authentication signs admins in with), stored in the deployment's vault so that the app setting
// App Service reads it from is a Key Vault reference like every other secret (api.bicep).
// main.bicep deploys this only when it is given the secret: a redeploy without it keeps the
// secret that is there. Unlike the generated secrets (secrets.bicep), a new version with the same
// value on each deployment that does pass it changes nothing.
param keyVaultName string
param secretName string
@secure()
@description('The client secret; never logged, never an output.')
param value string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretName
  properties: {
    value: value
    contentType: 'Client secret of the Roster console Entra app registration (App Service Authentication)'
  }
}
