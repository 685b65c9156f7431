// Creates the Key Vault secrets Roster reads (the signing key set and the management API's admin
// key) the first time, and never again. A Bicep secret resource with a generated value would set
// a new version on every deployment and invalidate every issued directory key; a generated value
// in a parameter default would also sit in the deployment history. Instead an Azure CLI deployment
// script, running as the secrets identity (Key Vault Secrets Officer on this vault only), creates
// a secret only when the vault has never had it: scripts/ensure-secrets.sh, tested in
// test/unit/infra/ensure-secrets.test.ts. The values are generated inside the script's container
// and go straight into Key Vault; they are never printed, returned as outputs, or passed as
// parameters, so they appear in no log and no deployment history.
param location string
param tags object = {}
param keyVaultName string
@description('Resource id of the user-assigned identity the script runs as.')
param identityId string
param signingKeysSecretName string
param adminKeySecretName string

@description('A new value on every deployment, so that the script runs every time: it is a no-op when both secrets exist, and recreates (recovers) one that was deleted. Not a secret; never used for one.')
param runTag string = utcNow()

resource ensureSecrets 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'ensure-roster-secrets'
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    azCliVersion: '2.52.0'
    scriptContent: loadTextContent('scripts/ensure-secrets.sh')
    environmentVariables: [
      {
        name: 'VAULT_NAME'
        value: keyVaultName
      }
      {
        name: 'SIGNING_KEYS_SECRET_NAME'
        value: signingKeysSecretName
      }
      {
        name: 'ADMIN_KEY_SECRET_NAME'
        value: adminKeySecretName
      }
    ]
    forceUpdateTag: runTag
    timeout: 'PT15M'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
  }
}
