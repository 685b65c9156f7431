import { describe, expect, it } from 'vitest';
import { calls, modules, parseBicep, property, resources, stringValue, variables } from './bicep-tree';

const rbac = parseBicep('infra/app/rbac.bicep');
const main = parseBicep('infra/main.bicep');

/** Built-in role definition ids (the same in every tenant). */
const ROLES = {
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
  'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb',
} as const;
type Role = keyof typeof ROLES;

const lines = rbac.text.split('\n');
const roleVariables = new Map(
  variables(rbac).flatMap((v) => {
    const guid = stringValue(v.value);
    if (!guid || !/^[0-9a-f-]{36}$/.test(guid)) return [];
    const comment = /\/\/\s*(.+?)\s*$/.exec(lines[v.node.startPosition.row] ?? '')?.[1];
    return [[v.name, { guid, comment }] as const];
  }),
);

const assignments = resources(rbac)
  .filter((r) => r.type.startsWith('Microsoft.Authorization/roleAssignments@'))
  .map((r) => {
    const definition = calls(r.body!, 'subscriptionResourceId')[0];
    const roleVariable = definition?.childForFieldName('arguments')?.namedChildren[1]?.text ?? '';
    return {
      name: r.name,
      conditional: r.node.namedChildren.some((n) => n.type === 'if_statement'),
      scope: property(r.body, 'scope')?.text,
      principal: property(r.body, 'properties.principalId')?.text,
      principalType: property(r.body, 'properties.principalType'),
      guid: roleVariables.get(roleVariable)?.guid,
      assignmentName: property(r.body, 'name')?.text ?? '',
      roleVariable,
    };
  });

describe('role assignments (infra/app/rbac.bicep)', () => {
  it('comment every role definition id with the role\'s name', () => {
    const named = [...roleVariables.values()].map(({ guid, comment }) => [guid, comment]);
    const expected = Object.entries(ROLES).map(([name, guid]) => [guid, name]);
    expect(named).toEqual(expect.arrayContaining(expected));
    expect(named.every(([guid, comment]) => (ROLES as Record<string, string>)[comment ?? ''] === guid)).toBe(true);
  });

  it.each<[Role, string]>([
    ['Storage Table Data Contributor', 'storage'],
    ['Storage Blob Data Owner', 'storage'],
    ['Key Vault Secrets User', 'vault'],
    ['Monitoring Metrics Publisher', 'applicationInsights'],
  ])('give the app identity %s on %s', (role, scope) => {
    const found = assignments.filter((a) => a.guid === ROLES[role] && a.principal === 'appPrincipalId' && !a.conditional);
    expect(found.map((a) => a.scope)).toEqual([scope]);
  });

  it('give the secrets script identity Key Vault Secrets Officer on the vault, and nothing else', () => {
    const found = assignments.filter((a) => a.principal === 'secretsPrincipalId');
    expect(found.map((a) => [a.guid, a.scope])).toEqual([[ROLES['Key Vault Secrets Officer'], 'vault']]);
  });

  it('never let the app identity write secrets', () => {
    expect(assignments.filter((a) => a.principal === 'appPrincipalId' && a.guid === ROLES['Key Vault Secrets Officer'])).toEqual([]);
  });

  it('assign to managed identities as service principals, with names that are stable across deployments', () => {
    for (const a of assignments.filter((a) => a.principal !== 'operatorPrincipalId')) {
      expect(stringValue(a.principalType ?? undefined), a.name).toBe('ServicePrincipal');
    }
    for (const a of assignments) {
      expect(a.assignmentName, a.name).toBe(`guid(${a.scope}.id, ${a.principal}, ${a.roleVariable})`);
    }
  });

  it('give the operator access only when one is named', () => {
    const operator = assignments.filter((a) => a.principal === 'operatorPrincipalId');
    expect(operator.map((a) => [a.guid, a.conditional])).toEqual([[ROLES['Key Vault Secrets Officer'], true]]);
  });
});

describe('the principals main.bicep hands to rbac.bicep', () => {
  const params = property(modules(main).find((m) => m.name === 'rbac')?.body, 'params');

  it('are the two identities the deployment creates', () => {
    expect(property(params, 'appPrincipalId')?.text).toBe('identities.outputs.appPrincipalId');
    expect(property(params, 'secretsPrincipalId')?.text).toBe('identities.outputs.secretsPrincipalId');
  });

  it('run the app and the script as those identities', () => {
    const api = property(modules(main).find((m) => m.name === 'api')?.body, 'params');
    const secrets = property(modules(main).find((m) => m.name === 'secrets')?.body, 'params');
    expect(property(api, 'identityId')?.text).toBe('identities.outputs.appIdentityId');
    expect(property(api, 'identityClientId')?.text).toBe('identities.outputs.appClientId');
    expect(property(secrets, 'identityId')?.text).toBe('identities.outputs.secretsIdentityId');
  });
});
