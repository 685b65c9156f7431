import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bicepFiles,
  calls,
  conditionOf,
  identifiersIn,
  modules,
  params,
  parseBicep,
  properties,
  property,
  repoRoot,
  resources,
  stringValue,
  syntaxProblems,
  variables,
} from './bicep-tree';

const files = bicepFiles();
const parsed = files.map(parseBicep);

describe('infra/*.bicep', () => {
  it('has main.bicep and its modules', () => {
    expect(files).toContain('infra/main.bicep');
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s parses without error or missing nodes', (path) => {
    const file = parseBicep(path);
    expect(syntaxProblems(file.root)).toEqual([]);
    expect(file.root.hasError).toBe(false);
  });

  it('names every resource type as Provider/type@yyyy-mm-dd, with a released API version', () => {
    const bad = parsed.flatMap((file) =>
      resources(file)
        .filter((r) => !/^Microsoft\.[A-Za-z]+\/[A-Za-z]+(\/[A-Za-z]+)*@\d{4}-\d{2}-\d{2}$/.test(r.type))
        .map((r) => `${file.path}: ${r.name} '${r.type}'`),
    );
    expect(bad).toEqual([]);
  });

  it('uses one API version per resource type', () => {
    const versions = new Map<string, Set<string>>();
    for (const file of parsed) {
      for (const r of resources(file)) {
        const [type, version] = r.type.split('@');
        versions.set(type!, (versions.get(type!) ?? new Set()).add(version!));
      }
    }
    const mixed = [...versions].filter(([, v]) => v.size > 1).map(([t, v]) => `${t}: ${[...v].join(', ')}`);
    expect(mixed).toEqual([]);
  });

  it('points every module at a local file that exists', () => {
    const missing = parsed.flatMap((file) =>
      modules(file)
        .filter((m) => !existsSync(resolve(repoRoot, dirname(file.path), m.path)))
        .map((m) => `${file.path}: module ${m.name} '${m.path}'`),
    );
    expect(missing).toEqual([]);
  });

  it('loads only files that exist', () => {
    const missing = parsed.flatMap((file) =>
      ['loadTextContent', 'loadJsonContent', 'loadFileAsBase64'].flatMap((fn) =>
        calls(file.root, fn)
          .map((call) => stringValue(call.childForFieldName('arguments')?.namedChildren[0] ?? undefined))
          .filter((path) => !path || !existsSync(resolve(repoRoot, dirname(file.path), path)))
          .map((path) => `${file.path}: ${fn}('${path}')`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('gives every module exactly parameters it declares, and all it requires', () => {
    const problems: string[] = [];
    for (const file of parsed) {
      for (const m of modules(file)) {
        const target = parseBicep(join(dirname(file.path), m.path));
        const declared = params(target);
        const given = [...properties(property(m.body, 'params')).keys()];
        for (const name of given) {
          if (!declared.some((p) => p.name === name)) problems.push(`${file.path}: ${m.name} passes undeclared ${name}`);
        }
        for (const p of declared.filter((p) => !p.defaultValue)) {
          if (!given.includes(p.name)) problems.push(`${file.path}: ${m.name} misses required ${p.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  describe('infra/main.parameters.json', () => {
    const json = JSON.parse(readFileSync(join(repoRoot, 'infra/main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: unknown }> };
    const main = params(parseBicep('infra/main.bicep'));

    it('sets only parameters main.bicep declares', () => {
      const undeclared = Object.keys(json.parameters).filter((name) => !main.some((p) => p.name === name));
      expect(undeclared).toEqual([]);
    });

    it('sets every parameter main.bicep requires', () => {
      const required = main.filter((p) => !p.defaultValue).map((p) => p.name);
      expect(required.filter((name) => !(name in json.parameters))).toEqual([]);
    });

    it('takes the environment name and location from azd', () => {
      expect(json.parameters.environmentName?.value).toBe('${AZURE_ENV_NAME}');
      expect(json.parameters.location?.value).toBe('${AZURE_LOCATION}');
    });
  });

  describe('values that change on every deployment', () => {
    it('never calls newGuid()', () => {
      expect(parsed.flatMap((file) => calls(file.root, 'newGuid').map(() => file.path))).toEqual([]);
    });

    it('calls utcNow() only as the default of the secrets script run tag, which feeds forceUpdateTag alone', () => {
      const uses = parsed.flatMap((file) => calls(file.root, 'utcNow').map((call) => ({ file, call })));
      expect(uses.map((u) => u.file.path)).toEqual(['infra/app/secrets.bicep']);
      const secrets = uses[0]!.file;
      const runTag = params(secrets).find((p) => p.defaultValue?.startIndex === uses[0]!.call.startIndex);
      expect(runTag?.name).toBe('runTag');
      const script = resources(secrets).find((r) => r.type.startsWith('Microsoft.Resources/deploymentScripts@'));
      const usedAt = script!.body!.descendantsOfType('identifier').filter((n) => n.text === 'runTag');
      expect(usedAt).toHaveLength(1);
      expect(usedAt[0]!.parent?.namedChildren[0]?.text).toBe('forceUpdateTag');
      expect(identifiersIn(secrets.root).filter((name) => name === 'runTag')).toHaveLength(2);
    });
  });

  describe('secrets', () => {
    const main = parseBicep('infra/main.bicep');
    const consoleSecret = modules(main).find((m) => m.name === 'consoleSecret');

    it("takes one secret as a parameter: the console sign-in's client secret, @secure() wherever it passes", () => {
      const secure = parsed.flatMap((file) => params(file).filter((p) => p.decorators.includes('secure')).map((p) => `${file.path}: ${p.name}`));
      expect(secure.sort()).toEqual(['infra/app/console-secret.bicep: value', 'infra/main.bicep: consoleClientSecret']);
      expect(params(main).find((p) => p.name === 'consoleClientSecret')?.defaultValue?.text).toBe("''");
    });

    it('declares every parameter named like a secret @secure(), unless it only names one', () => {
      const loose = parsed.flatMap((file) =>
        params(file)
          .filter((p) => /secret|password|token/i.test(p.name) && !/(Name|Id|Tag)$/.test(p.name) && !p.decorators.includes('secure'))
          .map((p) => `${file.path}: ${p.name}`),
      );
      expect(loose).toEqual([]);
    });

    it('hands the client secret only to the module that stores it, and only when it is given', () => {
      expect(identifiersIn(main.root).filter((name) => name === 'consoleClientSecret')).toHaveLength(3); // declared, tested, passed
      expect(conditionOf(consoleSecret!)).toBe('consoleSignIn && !empty(consoleClientSecret)');
      expect(property(consoleSecret?.body, 'params.value')?.text).toBe('consoleClientSecret');
      expect(stringValue(variables(main).find((v) => v.name === 'consoleClientSecretName')?.value)).toBe('roster-console-client-secret');
      expect(property(consoleSecret?.body, 'params.secretName')?.text).toBe('consoleClientSecretName');
    });

    it('writes only that secret to Key Vault from the template (the generated ones come from the script, once)', () => {
      const writes = parsed.flatMap((file) =>
        resources(file)
          .filter((r) => r.type.toLowerCase().startsWith('microsoft.keyvault/vaults/secrets@'))
          .map((r) => ({ file, r })),
      );
      expect(writes.map(({ file, r }) => `${file.path}: ${r.name}`)).toEqual(['infra/app/console-secret.bicep: secret']);
      expect(property(writes[0]!.r.body, 'properties.value')?.text).toBe('value');
    });

    it('never reads storage keys', () => {
      expect(parsed.flatMap((file) => calls(file.root, 'listKeys').map(() => file.path))).toEqual([]);
    });
  });
});
