import { z } from 'zod';

/**
 * Roster's settings, parsed once from the environment (app settings in Azure,
 * local.settings.json under `func start`, the process environment under `npm start`).
 * A missing or malformed setting stops the worker with a message naming it; secret values
 * are never echoed.
 */
const schema = z
  .object({
    ROSTER_STORAGE_CONNECTION: z.string().min(1).optional(),
    ROSTER_TABLE_NAME: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'a table name: a letter then 2-62 letters or digits')
      .default('roster'),
    ROSTER_SIGNING_KEYS: z.string().min(1).optional(),
    ROSTER_SIGNING_KEY_FILE: z.string().min(1).optional(),
    ROSTER_TOKEN_ISSUER: z.string().min(1).default('roster'),
    ROSTER_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
    ROSTER_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
    ROSTER_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  })
  .refine((env) => env.ROSTER_STORAGE_CONNECTION, {
    message: 'ROSTER_STORAGE_CONNECTION is required (the Azurite or storage account connection string)',
    path: ['ROSTER_STORAGE_CONNECTION'],
  })
  .refine((env) => env.ROSTER_SIGNING_KEYS || env.ROSTER_SIGNING_KEY_FILE, {
    message: 'set ROSTER_SIGNING_KEYS (JSON signing keys) or ROSTER_SIGNING_KEY_FILE (a file holding them)',
    path: ['ROSTER_SIGNING_KEYS'],
  });

export interface Config {
  storageConnection: string;
  tableName: string;
  signingKeys?: string;
  signingKeyFile?: string;
  tokenIssuer: string;
  /** Audience of directory-key tokens. */
  tokenAudience: string;
  maxBodyBytes: number;
  maxPageSize: number;
  keyCacheSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An app setting that exists but is empty means "not set", as it does for the Functions host.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
    throw new ConfigError(`Roster cannot start: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    storageConnection: e.ROSTER_STORAGE_CONNECTION!,
    tableName: e.ROSTER_TABLE_NAME,
    signingKeys: e.ROSTER_SIGNING_KEYS,
    signingKeyFile: e.ROSTER_SIGNING_KEY_FILE,
    tokenIssuer: e.ROSTER_TOKEN_ISSUER,
    tokenAudience: 'roster-scim',
    maxBodyBytes: e.ROSTER_MAX_BODY_BYTES,
    maxPageSize: e.ROSTER_MAX_PAGE_SIZE,
    keyCacheSeconds: e.ROSTER_KEY_CACHE_SECONDS,
  };
}
