import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSigningKeys } from '../../../shared/auth/signing-keys';
import { loadConfig } from '../../../shared/config';
import { calls, parseBicep, property, repoRoot, resources, stringValue } from './bicep-tree';

/**
 * Keys survive redeploys: infra/app/secrets.bicep runs scripts/ensure-secrets.sh on every
 * deployment, so the script is the template's logic for secrets. It runs here against a fake
 * `az` (fake-az.cjs) holding a vault in a JSON file.
 */
const SCRIPT = join(repoRoot, 'infra/app/scripts/ensure-secrets.sh');
const SIGNING = 'roster-signing-keys';
const ADMIN = 'roster-admin-key';

interface Vault {
  secrets: Record<string, string[]>;
  deleted: Record<string, string[]>;
  contentTypes?: Record<string, string>;
  forbidden: number;
  showErrors?: string[];
}

interface Run {
  status: number | null;
  output: string;
  vault: Vault;
  calls: string[][];
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newVault(initial: Partial<Vault> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'roster-vault-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(__dirname, 'fake-az.cjs'), join(dir, 'bin', 'az'));
  chmodSync(join(dir, 'bin', 'az'), 0o755);
  writeFileSync(join(dir, 'vault.json'), JSON.stringify({ secrets: {}, deleted: {}, forbidden: 0, ...initial }));
  writeFileSync(join(dir, 'calls.jsonl'), '');
  return dir;
}

function ensureSecrets(dir: string, env: Record<string, string> = {}): Run {
  const result = spawnSync('bash', [SCRIPT], {
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      FAKE_AZ_STATE: dir,
      VAULT_NAME: 'kv-test',
      RBAC_ATTEMPTS: '3',
      RBAC_DELAY_SECONDS: '0',
      ...env,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const calls = readFileSync(join(dir, 'calls.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);
  // Start the next run's call log afresh; the vault carries over.
  writeFileSync(join(dir, 'calls.jsonl'), '');
  return { status: result.status, output: `${result.stdout}${result.stderr}`, vault: JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8')), calls };
}

const sets = (run: Run) => run.calls.filter((c) => c[2] === 'set').map((c) => c[c.indexOf('--name') + 1]);
const values = (vault: Vault) => Object.values(vault.secrets).flat();

describe('ensure-secrets.sh', () => {
  it('creates the signing key set and the admin key in an empty vault', () => {
    const run = ensureSecrets(newVault());
    expect(run.status, run.output).toBe(0);
    expect(Object.keys(run.vault.secrets).sort()).toEqual([ADMIN, SIGNING]);
    const keys = parseSigningKeys(run.vault.secrets[SIGNING]![0]!, SIGNING);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.secret).toHaveLength(32);
    expect(keys[0]!.kid).toMatch(/^k\d{8}$/);
    const admin = run.vault.secrets[ADMIN]![0]!;
    expect(admin).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadConfig({ ROSTER_STORAGE_CONNECTION: 'UseDevelopmentStorage=true', ROSTER_SIGNING_KEYS: run.vault.secrets[SIGNING]![0], ROSTER_ADMIN_KEY: admin }).adminKey).toBe(admin);
    expect(run.vault.contentTypes).toEqual({ [SIGNING]: 'application/json', [ADMIN]: 'text/plain' });
    expect(run.output).toContain(`${SIGNING}: created`);
    expect(run.output).toContain(`${ADMIN}: created`);
  });

  it('changes nothing when it runs again, as it does on every redeploy', () => {
    const dir = newVault();
    const first = ensureSecrets(dir);
    const again = [ensureSecrets(dir), ensureSecrets(dir)];
    for (const run of again) {
      expect(run.status, run.output).toBe(0);
      expect(run.vault.secrets).toEqual(first.vault.secrets);
      expect(sets(run)).toEqual([]);
      expect(run.output).toContain(`${SIGNING}: exists, kept`);
    }
    expect(first.vault.secrets[SIGNING]).toHaveLength(1);
    expect(first.vault.secrets[ADMIN]).toHaveLength(1);
  });

  it('keeps a secret that exists while creating the one that is missing', () => {
    const keys = '{"keys":[{"kid":"k1","secret":"VGhpcy1pcy1hLXZlcnktc2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ"}]}';
    const run = ensureSecrets(newVault({ secrets: { [SIGNING]: [keys] } }));
    expect(run.status, run.output).toBe(0);
    expect(run.vault.secrets[SIGNING]).toEqual([keys]);
    expect(sets(run)).toEqual([ADMIN]);
  });

  it('recovers a soft-deleted secret with its old value instead of generating a new one', () => {
    const run = ensureSecrets(newVault({ deleted: { [SIGNING]: ['old signing keys'], [ADMIN]: ['old admin key'] } }));
    expect(run.status, run.output).toBe(0);
    expect(run.vault.secrets).toEqual({ [SIGNING]: ['old signing keys'], [ADMIN]: ['old admin key'] });
    expect(run.vault.deleted).toEqual({});
    expect(sets(run)).toEqual([]);
    expect(run.output).toContain(`${SIGNING}: was soft-deleted, recovered`);
  });

  it('stops instead of replacing a secret when it cannot tell whether it exists', () => {
    const run = ensureSecrets(newVault({ secrets: { [SIGNING]: ['current keys'] }, showErrors: [SIGNING] }));
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(`cannot tell whether ${SIGNING} exists`);
    expect(run.vault.secrets).toEqual({ [SIGNING]: ['current keys'] });
    expect(sets(run)).toEqual([]);
  });

  it('waits for its role assignment to apply', () => {
    const run = ensureSecrets(newVault({ forbidden: 2 }));
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('waiting for access to kv-test');
    expect(Object.keys(run.vault.secrets).sort()).toEqual([ADMIN, SIGNING]);
  });

  it('gives up after a bounded number of attempts without touching the vault', () => {
    const run = ensureSecrets(newVault({ forbidden: 1000 }));
    expect(run.status).not.toBe(0);
    expect(run.calls.filter((c) => c[2] === 'list')).toHaveLength(3);
    expect(run.calls.filter((c) => c[2] !== 'list')).toEqual([]);
    expect(run.output).toContain('Key Vault Secrets Officer');
  });

  it('never shows a secret value: not in its output, not on an az command line', () => {
    const dir = newVault();
    const runs = [ensureSecrets(dir), ensureSecrets(dir)];
    const vault = runs[1]!.vault;
    const signingSecret = (JSON.parse(vault.secrets[SIGNING]![0]!) as { keys: Array<{ secret: string }> }).keys[0]!.secret;
    const secrets = [...values(vault), signingSecret];
    expect(secrets).toHaveLength(3);
    for (const run of runs) {
      for (const secret of secrets) {
        expect(run.output).not.toContain(secret);
        expect(JSON.stringify(run.calls)).not.toContain(secret);
      }
    }
    const all = runs.flatMap((r) => r.calls);
    for (const call of all.filter((c) => c[2] === 'set')) expect(call).toEqual(expect.arrayContaining(['--file', '--output', 'none']));
    for (const call of all.filter((c) => c[2] === 'show')) expect(call[call.indexOf('--query') + 1]).toBe('id');
    expect(all.some((c) => c.includes('--value'))).toBe(false);
  });

  it('makes different keys for different vaults', () => {
    const a = ensureSecrets(newVault());
    const b = ensureSecrets(newVault());
    expect(a.vault.secrets[SIGNING]).not.toEqual(b.vault.secrets[SIGNING]);
    expect(a.vault.secrets[ADMIN]).not.toEqual(b.vault.secrets[ADMIN]);
  });

  it('uses the secret names it is given', () => {
    const run = ensureSecrets(newVault(), { SIGNING_KEYS_SECRET_NAME: 'other-signing', ADMIN_KEY_SECRET_NAME: 'other-admin' });
    expect(run.status, run.output).toBe(0);
    expect(Object.keys(run.vault.secrets).sort()).toEqual(['other-admin', 'other-signing']);
  });
});

describe('infra/app/secrets.bicep', () => {
  const secrets = parseBicep('infra/app/secrets.bicep');
  const script = resources(secrets).find((r) => r.type.startsWith('Microsoft.Resources/deploymentScripts@'));

  it('runs ensure-secrets.sh as an Azure CLI script under the secrets identity', () => {
    expect(stringValue(property(script?.body, 'kind'))).toBe('AzureCLI');
    expect(stringValue(property(script?.body, 'identity.type'))).toBe('UserAssigned');
    const content = property(script?.body, 'properties.scriptContent')!;
    expect(calls(content, 'loadTextContent').map((c) => c.text)).toEqual(["loadTextContent('scripts/ensure-secrets.sh')"]);
  });

  it('hands the script the vault and the secret names by the variables it reads, and nothing secret', () => {
    const env = property(script?.body, 'properties.environmentVariables')!.namedChildren.map((item) => [
      stringValue(property(item, 'name')),
      property(item, 'value')?.text,
      property(item, 'secureValue')?.text,
    ]);
    expect(env).toEqual([
      ['VAULT_NAME', 'keyVaultName', undefined],
      ['SIGNING_KEYS_SECRET_NAME', 'signingKeysSecretName', undefined],
      ['ADMIN_KEY_SECRET_NAME', 'adminKeySecretName', undefined],
    ]);
    const text = readFileSync(SCRIPT, 'utf8');
    for (const [name] of env) expect(text).toContain(`\${${name}`);
  });

  it('cleans up the script\'s container and storage after a success', () => {
    expect(stringValue(property(script?.body, 'properties.cleanupPreference'))).toBe('OnSuccess');
  });
});
