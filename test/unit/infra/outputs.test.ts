import { describe, expect, it } from 'vitest';
import { bicepFiles, calls, outputs, parseBicep, stringValue, templateText } from './bicep-tree';

const parsed = bicepFiles().map(parseBicep);
const all = parsed.flatMap((file) => outputs(file).map((o) => ({ ...o, file: file.path })));
const main = new Map(outputs(parseBicep('infra/main.bicep')).map((o) => [o.name, o]));

/** Words that name secret material. */
const SECRET_WORD = /^(keys?|secrets?|passwords?|pwd|tokens?|connection|connectionstring|credentials?|sas)$/i;
/** An output may mention a secret only to say where it is or how to fetch it. */
const LOCATOR_WORD = /^(name|url|uri|id|command|endpoint)$/i;

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\W]+/)
    .filter(Boolean);
}

describe('template outputs', () => {
  it('are never @secure() (secure outputs still sit in the deployment history)', () => {
    expect(all.filter((o) => o.decorators.includes('secure')).map((o) => `${o.file}: ${o.name}`)).toEqual([]);
  });

  it('are never named like a secret, unless they only locate one', () => {
    const suspicious = all.filter((o) => {
      const w = words(o.name);
      return w.some((x) => SECRET_WORD.test(x)) && !LOCATOR_WORD.test(w[w.length - 1] ?? '');
    });
    expect(suspicious.map((o) => `${o.file}: ${o.name}`)).toEqual([]);
  });

  it('never carry keys, secrets or connection strings', () => {
    const leaking = all.filter(
      (o) =>
        ['listKeys', 'listKeyValue', 'listSecrets', 'listConnectionStrings', 'listCredentials', 'getSecret', 'listAccountSas', 'listServiceSas'].some(
          (fn) => calls(o.value, fn).length > 0,
        ) || /ConnectionString|InstrumentationKey|primaryKey|secondaryKey/i.test(o.value.text),
    );
    expect(leaking.map((o) => `${o.file}: ${o.name}`)).toEqual([]);
  });
});

describe('what main.bicep hands back', () => {
  it('includes the Tenant URL: the app\'s host name, the api route prefix and /scim/v2', () => {
    expect(templateText(main.get('ROSTER_TENANT_URL')!.value)).toBe('https://${api.outputs.defaultHostName}/api/scim/v2');
  });

  it('includes the console URL, and the redirect URI its app registration needs', () => {
    expect(templateText(main.get('ROSTER_CONSOLE_URL')!.value)).toBe('https://${api.outputs.defaultHostName}/api/console/');
    expect(templateText(main.get('ROSTER_CONSOLE_REDIRECT_URI')!.value)).toBe('https://${api.outputs.defaultHostName}/.auth/login/aad/callback');
  });

  it('includes the function app name, also under the azd service name', () => {
    expect(main.get('AZURE_FUNCTION_APP_NAME')?.value.text).toBe('api.outputs.name');
    expect(main.get('SERVICE_API_NAME')?.value.text).toBe('api.outputs.name');
  });

  it('includes the Key Vault name', () => {
    expect(main.get('AZURE_KEY_VAULT_NAME')?.value.text).toBe('vault.outputs.name');
  });

  it('includes the command that fetches the management key, not the key', () => {
    const command = main.get('ROSTER_MANAGEMENT_KEY_COMMAND')!.value;
    expect(stringValue(command)).toBeUndefined();
    expect(templateText(command)).toBe(
      'az keyvault secret show --vault-name ${vault.outputs.name} --name ${adminKeySecretName} --query value --output tsv',
    );
  });
});
