import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Copies local.settings.example.json to local.settings.json when the latter is missing. */
export function ensureLocalSettings(root: string): void {
  const settings = join(root, 'local.settings.json');
  const example = join(root, 'local.settings.example.json');
  if (existsSync(settings) || !existsSync(example)) return;
  copyFileSync(example, settings);
  console.log('Created local.settings.json from local.settings.example.json.');
}

/**
 * Copies local.settings.json `Values` into `env` the way Core Tools do: a variable already in the
 * environment wins. Used so what we do before `func start` sees the settings func will see.
 */
export function applyLocalSettings(root: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = join(root, 'local.settings.json');
  if (!existsSync(file)) return;
  let values: Record<string, unknown>;
  try {
    values = (JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, unknown> }).Values ?? {};
  } catch (error) {
    throw new Error(`local.settings.json is not valid JSON: ${(error as Error).message}`);
  }
  for (const [name, value] of Object.entries(values)) {
    if (env[name] === undefined && value !== null && value !== undefined) env[name] = String(value);
  }
}
