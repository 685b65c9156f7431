import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './bicep-tree';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  environment?: string;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowDir = join(repoRoot, '.github/workflows');
const workflowFiles = readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f));
const read = (file: string) => readFileSync(join(workflowDir, file), 'utf8');
const load = (file: string) => parse(read(file)) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);

describe('GitHub Actions workflows', () => {
  it('are ci.yml and deploy.yml', () => {
    expect(workflowFiles.sort()).toEqual(['ci.yml', 'deploy.yml']);
  });

  it.each(workflowFiles)('%s points the browser tests at the runner\'s Chrome wherever it runs the tests', (file) => {
    const testing = steps(load(file)).filter((step) => /npm test|\.ci\/run/.test(step.run ?? ''));
    expect(testing.length).toBeGreaterThan(0);
    for (const step of testing) expect(step.env?.CHROMIUM_PATH, step.name).toBe('/usr/bin/google-chrome');
  });

  it.each(workflowFiles)('%s parses as YAML into jobs with steps', (file) => {
    const wf = load(file);
    expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(wf.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  it.each(workflowFiles)('%s pins every action to a commit with its version noted, or to an exact release tag', (file) => {
    const uses = read(file)
      .split('\n')
      .map((line) => /^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null);
    expect(uses.length).toBeGreaterThan(0);
    const loose = uses.filter(([, ref, comment]) => {
      const [, version] = ref!.split('@');
      const bySha = /^[0-9a-f]{40}$/.test(version ?? '') && /^#\s*v\d+\.\d+\.\d+\b/.test(comment ?? '');
      const byExactTag = /^v\d+\.\d+\.\d+$/.test(version ?? '');
      return !bySha && !byExactTag;
    });
    expect(loose.map(([line]) => line.trim())).toEqual([]);
  });

  it.each(workflowFiles)('%s grants the token read access to the repository contents only by default', (file) => {
    expect(load(file).permissions).toEqual({ contents: 'read' });
  });
});

describe('ci.yml', () => {
  const ci = load('ci.yml');
  const runs = steps(ci).map((s) => s.run ?? '');

  it('runs on pushes and pull requests', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('installs from the lock file and runs the tests', () => {
    expect(runs).toContain('bash .ci/run');
    const script = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    expect(script).toMatch(/npm ci\b/);
    expect(script).toMatch(/npm test\b/);
  });
});

describe('deploy.yml', () => {
  const deploy = load('deploy.yml');
  const job = Object.values(deploy.jobs)[0]!;
  const index = (predicate: (s: Step) => boolean) => job.steps.findIndex(predicate);
  const login = index((s) => s.uses?.startsWith('azure/login@') ?? false);
  const provision = index((s) => s.run?.includes('az deployment sub create') ?? false);
  const prune = index((s) => s.run?.includes('npm prune --omit=dev') ?? false);
  const publish = index((s) => s.uses?.startsWith('Azure/functions-action@') ?? false);

  it('may request an OIDC token', () => {
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('signs in with OIDC and keeps no Azure secret in the repository', () => {
    expect(login).toBeGreaterThanOrEqual(0);
    expect(Object.keys(job.steps[login]!.with ?? {}).sort()).toEqual(['client-id', 'subscription-id', 'tenant-id']);
    expect(read('deploy.yml')).not.toMatch(/secrets\.|creds:|client-secret|publish-profile/);
  });

  it('deploys the Bicep template, then builds, prunes dev dependencies and publishes, in that order', () => {
    expect(login).toBeLessThan(provision);
    expect(provision).toBeLessThan(prune);
    expect(prune).toBeLessThan(publish);
    expect(job.steps[provision]!.run).toContain('--template-file infra/main.bicep');
    expect(job.steps[prune]!.run).toContain('npm run build');
  });

  it('leaves optional dependencies (Azure Functions Core Tools, a large binary) out of the package', () => {
    expect(job.steps[prune]!.run).toContain('npm prune --omit=dev --omit=optional');
  });

  it('publishes to the app the deployment created, leaving out what .funcignore lists', () => {
    expect(job.steps[publish]!.with).toMatchObject({ 'app-name': '${{ steps.provision.outputs.app-name }}', package: '.', 'respect-funcignore': true });
    expect(job.steps[provision]!.run).toContain('AZURE_FUNCTION_APP_NAME');
  });

  it('tests what it deploys', () => {
    expect(index((s) => s.run?.includes('npm test') ?? false)).toBeLessThan(provision);
  });

  it('deploys one environment at a time, from the environment the federated credential trusts', () => {
    expect(job.environment).toBe('production');
    expect((deploy as unknown as { concurrency: { 'cancel-in-progress': boolean } }).concurrency['cancel-in-progress']).toBe(false);
  });
});

describe('azure.yaml', () => {
  const azd = parse(readFileSync(join(repoRoot, 'azure.yaml'), 'utf8')) as {
    infra?: { path?: string; module?: string };
    services: Record<string, { project: string; language: string; host: string; hooks?: Record<string, { posix?: { run: string }; windows?: { run: string } }> }>;
  };

  it('deploys this folder as the JavaScript function service `api`', () => {
    expect(azd.services.api).toMatchObject({ project: '.', language: 'js', host: 'function' });
    expect(azd.infra).toMatchObject({ path: 'infra', module: 'main' });
  });

  it.each(['posix', 'windows'] as const)('builds from the lock file and prunes dev and optional dependencies before packaging (%s)', (shell) => {
    const run = azd.services.api!.hooks?.prepackage?.[shell]?.run ?? '';
    const order = ['npm ci', 'npm run build', 'npm prune --omit=dev --omit=optional'].map((command) => run.indexOf(command));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it.each(['posix', 'windows'] as const)('puts the working copy\'s dependencies back after packaging (%s)', (shell) => {
    expect(azd.services.api!.hooks?.postpackage?.[shell]?.run).toMatch(/^npm ci --no-audit --no-fund\b/);
  });
});
