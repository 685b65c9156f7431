import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conditionOf, modules, params, parseBicep, property, repoRoot, resources, stringValue, templateText, variables, type Node } from './bicep-tree';

/** App Service Authentication for the console's sign-in (infra/app/console-auth.bicep, docs/CONSOLE-SIGN-IN.md). */
const file = parseBicep('infra/app/console-auth.bicep');
const api = parseBicep('infra/app/api.bicep');
const main = parseBicep('infra/main.bicep');

const auth = resources(file).find((r) => !r.existing && r.type.startsWith('Microsoft.Web/sites/config@'));
const aad = (path: string) => property(auth?.body, `properties.identityProviders.azureActiveDirectory.${path}`);
const vars = new Map(variables(file).map((v) => [v.name, v.value]));
const list = (node: Node | undefined) => (node?.namedChildren ?? []).map((n) => stringValue(n) ?? templateText(n));

/** Every HTTP route the function files register, e.g. `scim/v2/Users/{id?}`. */
const routes = readdirSync(join(repoRoot, 'functions'))
  .filter((f) => f.endsWith('.ts'))
  .flatMap((f) => [...readFileSync(join(repoRoot, 'functions', f), 'utf8').matchAll(/route:\s*'([^']+)'/g)].map((m) => m[1]!));

/** Whether App Service's excluded path covers /api/<route> (a trailing `*` matches everything below). */
function covers(excluded: string, route: string): boolean {
  const path = `/api/${route}`;
  return excluded.endsWith('/*') ? path.startsWith(excluded.slice(0, -1)) : path === excluded;
}

describe('the console sign-in (infra/app/console-auth.bicep)', () => {
  it('is one authsettingsV2 config of the function app', () => {
    expect(auth).toBeDefined();
    expect(stringValue(property(auth!.body, 'name'))).toBe('authsettingsV2');
    expect(property(auth!.body, 'parent')?.text).toBe('site');
    expect(resources(file).find((r) => r.name === 'site')).toMatchObject({ existing: true, type: 'Microsoft.Web/sites@2024-04-01' });
  });

  it('turns the platform on, over https only, with the token store its claims mapping needs', () => {
    expect(property(auth?.body, 'properties.platform.enabled')?.text).toBe('true');
    expect(property(auth?.body, 'properties.httpSettings.requireHttps')?.text).toBe('true');
    expect(property(auth?.body, 'properties.login.tokenStore.enabled')?.text).toBe('true');
  });

  it('signs in with Entra ID of the deployment\'s own tenant, in whichever cloud', () => {
    expect(aad('enabled')?.text).toBe('true');
    expect(templateText(aad('registration.openIdIssuer')!)).toBe('${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0');
    expect(aad('registration.clientId')?.text).toBe('clientId');
    expect(list(aad('validation.allowedAudiences'))).toEqual(['clientId', 'api://${clientId}']);
  });

  it('reads the client secret from the app setting that holds the Key Vault reference, never a value', () => {
    expect(aad('registration.clientSecretSettingName')?.text).toBe('clientSecretSettingName');
    expect(aad('registration.clientSecret')).toBeUndefined();
    const module = modules(api).find((m) => m.path === 'console-auth.bicep');
    expect(property(module?.body, 'params.clientSecretSettingName')?.text).toBe('consoleSecretSettingName');
    expect(stringValue(variables(api).find((v) => v.name === 'consoleSecretSettingName')?.value)).toBe('MICROSOFT_PROVIDER_AUTHENTICATION_SECRET');
    expect(params(file).every((p) => !p.decorators.includes('secure'))).toBe(true);
  });

  it('lets unauthenticated requests through to Roster, which authorizes every route itself', () => {
    expect(property(auth?.body, 'properties.globalValidation.requireAuthentication')?.text).toBe('false');
    expect(stringValue(property(auth?.body, 'properties.globalValidation.unauthenticatedClientAction'))).toBe('AllowAnonymous');
  });

  describe('excluded paths', () => {
    const excluded = () => {
      const node = property(auth?.body, 'properties.globalValidation.excludedPaths');
      return list(node?.type === 'identifier' ? vars.get(node.text) : node);
    };

    it('are the routes whose callers bring bearer tokens: SCIM, the OAuth token endpoint and the change feed', () => {
      expect(excluded()).toEqual(['/api/scim/*', '/api/oauth/*', '/api/changes']);
    });

    it('cover every such route the functions register', () => {
      const bearerRoutes = routes.filter((r) => !r.startsWith('manage/') && !r.startsWith('console'));
      expect(bearerRoutes.length).toBeGreaterThan(5);
      expect(bearerRoutes.filter((r) => !excluded().some((e) => covers(e, r)))).toEqual([]);
    });

    it('leave out the management API, whose console session App Service must still identify', () => {
      expect(routes).toContain('manage/{*path}');
      expect(excluded().filter((e) => covers(e, 'manage/directories') || covers(e, 'console/'))).toEqual([]);
    });
  });

  it('admits only the admin group at the platform when one is given, and no one is shut out without it', () => {
    const policy = aad('validation.defaultAuthorizationPolicy');
    expect(policy?.text).toBe('empty(adminGroupId) ? {} : groupPolicy');
    expect(list(property(vars.get('groupPolicy'), 'allowedPrincipals.groups'))).toEqual(['adminGroupId']);
    expect(params(file).find((p) => p.name === 'adminGroupId')?.defaultValue?.text).toBe("''");
  });
});

describe('when the console sign-in is deployed', () => {
  it('only when main.bicep is given an app registration (consoleClientId)', () => {
    const module = modules(api).find((m) => m.path === 'console-auth.bicep');
    expect(module?.name).toBe('consoleAuth');
    expect(conditionOf(module!)).toBe('consoleSignIn');
    expect(variables(api).find((v) => v.name === 'consoleSignIn')?.value.text).toBe('!empty(consoleClientId)');
    expect(params(main).find((p) => p.name === 'consoleClientId')?.defaultValue?.text).toBe("''");
    expect(property(modules(main).find((m) => m.name === 'api')?.body, 'params.consoleClientId')?.text).toBe('consoleClientId');
  });

  it('before the app settings that tell Roster to trust App Service\'s principal header', () => {
    const appSettings = resources(api).find((r) => stringValue(property(r.body, 'name')) === 'appsettings');
    expect(property(appSettings?.body, 'dependsOn')?.namedChildren.map((n) => n.text)).toContain('consoleAuth');
  });

  it("with the role Roster's config defaults to", () => {
    expect(stringValue(params(main).find((p) => p.name === 'consoleAdminRole')?.defaultValue)).toBe('Roster.Admin');
    expect(stringValue(params(api).find((p) => p.name === 'consoleAdminRole')?.defaultValue)).toBe('Roster.Admin');
  });

  it('and azd passes its parameters from the environment', () => {
    const json = JSON.parse(readFileSync(join(repoRoot, 'infra/main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: string }> };
    expect(json.parameters.consoleClientId?.value).toBe('${ROSTER_CONSOLE_CLIENT_ID}');
    expect(json.parameters.consoleClientSecret?.value).toBe('${ROSTER_CONSOLE_CLIENT_SECRET}');
    expect(json.parameters.consoleAdminRole?.value).toBe('${ROSTER_CONSOLE_ADMIN_ROLE=Roster.Admin}');
    expect(json.parameters.consoleAdminGroupId?.value).toBe('${ROSTER_CONSOLE_ADMIN_GROUP}');
  });
});
