// App Service Authentication ("Easy Auth") with Microsoft Entra ID, for the admin console's
// sign-in (docs/CONSOLE-SIGN-IN.md). App Service runs the OpenID Connect sign-in at
// /.auth/login/aad, keeps the session in its cookie, and hands each request of a signed-in browser
// to Roster with an X-MS-CLIENT-PRINCIPAL header (removed from what clients send). Roster decides
// who is an admin from that header's app roles and groups (shared/http/console-auth.ts); the
// app setting ROSTER_CONSOLE_AUTH=appservice that makes it read the header is written by api.bicep
// only after this resource, so the header is never trusted before App Service vouches for it.
//
// Why AllowAnonymous and not requireAuthentication + excludedPaths: every route of this app
// authorizes its callers itself (SCIM and the change feed by directory key or Entra token, the
// token endpoint by client secret, the management API by admin key or console session; the console
// page is public static content that offers the sign-in). The management API must take both the
// CLI's bearer admin key without any session and the console's session: AllowAnonymous is the mode
// documented to do both, passing unauthenticated requests to the app and adding the identity
// headers to authenticated ones. With requireAuthentication, /api/manage/* would have to be an
// excluded path, for which App Service documents only that it is "not redirected to the login
// page", not that a session there still yields the principal header.
// https://learn.microsoft.com/azure/app-service/overview-authentication-authorization#authorization-behavior
//
// excludedPaths: the routes whose callers never have a session and bring their own bearer token
// (Entra's provisioning service, OAuth clients, change-feed readers). Under AllowAnonymous nothing
// is redirected anyway; listing them keeps provisioning working should anyone switch the portal's
// "Restrict access" to "Require authentication". /api/manage/* is deliberately not among them.
param siteName string
@description('Application (client) id of the console\'s Entra app registration.')
param clientId string
@description('Name of the app setting that holds the app registration\'s client secret (as a Key Vault reference).')
param clientSecretSettingName string
@description('Object id of an Entra group: when set, App Service admits only its members (Roster checks again). Empty: Roster\'s app role check alone.')
param adminGroupId string = ''

var groupPolicy = {
  allowedPrincipals: {
    groups: [
      adminGroupId
    ]
  }
}

var bearerOnlyPaths = [
  '/api/scim/*'
  '/api/oauth/*'
  '/api/changes'
]

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: siteName
}

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
      excludedPaths: bearerOnlyPaths
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          // Single tenant: the deployment's own Entra tenant, in whichever cloud it runs.
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          clientId: clientId
          clientSecretSettingName: clientSecretSettingName
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
          // With a group, signed-in requests from anyone else get 403 from App Service itself.
          defaultAuthorizationPolicy: empty(adminGroupId) ? {} : groupPolicy
        }
      }
    }
    login: {
      // Claims mapping into X-MS-CLIENT-PRINCIPAL needs the token store.
      tokenStore: {
        enabled: true
      }
    }
  }
}
