// Two user-assigned identities, so that each holds only what it needs:
// - the app's identity reads secrets and uses storage and Application Insights;
// - the secrets identity runs app/secrets.bicep's script and may write secrets, nothing else.
param location string
param tags object = {}
param appIdentityName string
param secretsIdentityName string

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: appIdentityName
  location: location
  tags: tags
}

resource secretsIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: secretsIdentityName
  location: location
  tags: tags
}

output appIdentityId string = appIdentity.id
output appClientId string = appIdentity.properties.clientId
output appPrincipalId string = appIdentity.properties.principalId
output secretsIdentityId string = secretsIdentity.id
output secretsPrincipalId string = secretsIdentity.properties.principalId
