import { z } from 'zod';

/**
 * Roster's settings, parsed once from the environment (app settings in Azure,
 * local.settings.json under `func start`, the process environment under `npm start`).
 * A missing or malformed setting stops the worker with a message naming it; secret values
 * are never echoed.
 */
/** Every 30 minutes, on the minute. */
export const DEFAULT_RECONCILE_SCHEDULE = '0 */30 * * * *';

const fields = {
  /** Table Storage as a connection string: Azurite and local development only. */
  ROSTER_STORAGE_CONNECTION: z.string().optional(),
  /** Table Storage as an endpoint reached with a Microsoft Entra token (Azure). */
  ROSTER_STORAGE_TABLE_ENDPOINT: z
    .string()
    .refine(isHttpsUrl, 'an https:// URL such as https://<account>.table.core.windows.net')
    .optional(),
  /** Client id of the user-assigned managed identity that reaches the table endpoint. */
  AZURE_CLIENT_ID: z.string().regex(/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, 'a client id (a GUID)').optional(),
  ROSTER_TABLE_NAME: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'a table name: a letter then 2-62 letters or digits')
    .default('roster'),
  ROSTER_SIGNING_KEYS: z.string().optional(),
  ROSTER_SIGNING_KEY_FILE: z.string().optional(),
  ROSTER_TOKEN_ISSUER: z.string().default('roster'),
  ROSTER_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  ROSTER_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  ROSTER_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  /** Requests per second per directory key, unless the directory sets its own (429 beyond). */
  ROSTER_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(100_000).default(100),
  ROSTER_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
  /** Lifetime of access tokens issued to OAuth clients (client credentials): 60-360 minutes, as the Entra gallery requires. */
  ROSTER_OAUTH_TOKEN_MINUTES: z.coerce.number().int().min(60).max(360).default(60),
  /** Where Entra-issued tokens' signing keys are published (plain http only on loopback, for tests). */
  ROSTER_ENTRA_JWKS_URL: z
    .string()
    .refine((v) => isHttpsUrl(v) || isLoopbackHttpUrl(v), 'an https:// URL (http:// only on 127.0.0.1 or localhost)')
    .default('https://login.microsoftonline.com/common/discovery/keys'),
  /** NCRONTAB schedule of the reconciliation timer (the timer reads it as %ROSTER_RECONCILE_SCHEDULE%). */
  ROSTER_RECONCILE_SCHEDULE: z
    .string()
    .regex(/^\S+( \S+){5}$/, 'an NCRONTAB expression with six fields, e.g. 0 */30 * * * *')
    .default(DEFAULT_RECONCILE_SCHEDULE),
  /** Journal rows older than this many days are purged by reconciliation. */
  ROSTER_JOURNAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Users with active=false unchanged for this many days are deleted by reconciliation; 0 = never. */
  ROSTER_DEACTIVATED_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  /** How long one reconciliation run may work before it stops and leaves a checkpoint. */
  ROSTER_RECONCILE_MAX_SECONDS: z.coerce.number().int().min(10).max(3600).default(600),
  /** Rows one reconciliation run may read before it leaves a checkpoint; unset: only the time budget bounds a run. */
  ROSTER_RECONCILE_MAX_ROWS: z.coerce.number().int().min(1).max(100_000_000).optional(),
  /** Storage reads a reconciliation run may start per second: it shares the partition with Entra's writes. */
  ROSTER_RECONCILE_MAX_READS_PER_SECOND: z.coerce.number().int().min(1).max(20_000).default(500),
  /** The management API's admin credential. */
  ROSTER_ADMIN_KEY: z.string().min(32, 'at least 32 characters').optional(),
  /**
   * Who may use the management API besides the admin key: `admin-key` (no one else) or
   * `appservice` (console sessions signed in by App Service Authentication). Only infra/ sets
   * `appservice`, together with authsettingsV2: without App Service Authentication in front,
   * anyone could send the principal header it vouches for (docs/CONSOLE-SIGN-IN.md).
   */
  ROSTER_CONSOLE_AUTH: z
    .enum(['admin-key', 'appservice'], { error: 'admin-key, or appservice where infra/ turned on App Service Authentication' })
    .default('admin-key'),
  /** The Entra app role (its value) that lets a signed-in user into the console. */
  ROSTER_CONSOLE_ADMIN_ROLE: z
    .string()
    .regex(/^[\x21-\x7e]{1,120}$/, 'an app role value: 1-120 printable characters, no spaces')
    .default('Roster.Admin'),
  /** An Entra group (object id) whose members may also use the console. */
  ROSTER_CONSOLE_ADMIN_GROUP: z
    .string()
    .regex(/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, 'an Entra group object id (a GUID)')
    .optional(),
};

export type SettingName = keyof typeof fields;

/** Every setting Roster reads. infra/ sets app settings by exactly these names. */
export const SETTING_NAMES = Object.keys(fields) as SettingName[];

/**
 * What a deployment to Azure must set (infra/app/api.bicep does): storage through the
 * managed identity, the table the template creates, and both Key Vault secrets.
 */
export const REQUIRED_IN_AZURE: readonly SettingName[] = [
  'ROSTER_STORAGE_TABLE_ENDPOINT',
  'AZURE_CLIENT_ID',
  'ROSTER_TABLE_NAME',
  'ROSTER_SIGNING_KEYS',
  'ROSTER_ADMIN_KEY',
  'ROSTER_RECONCILE_SCHEDULE',
];

/** Settings for a developer machine only; a deployment to Azure never sets them. */
export const LOCAL_ONLY_SETTINGS: readonly SettingName[] = ['ROSTER_STORAGE_CONNECTION', 'ROSTER_SIGNING_KEY_FILE'];

/** Settings whose values are secrets: never logged, and in Azure only ever Key Vault references. */
export const SECRET_SETTINGS: readonly SettingName[] = ['ROSTER_STORAGE_CONNECTION', 'ROSTER_SIGNING_KEYS', 'ROSTER_ADMIN_KEY'];

const schema = z
  .object(fields)
  .refine((env) => env.ROSTER_STORAGE_CONNECTION || env.ROSTER_STORAGE_TABLE_ENDPOINT, {
    message:
      'ROSTER_STORAGE_CONNECTION or ROSTER_STORAGE_TABLE_ENDPOINT is required (a connection string for Azurite, ' +
      'or https://<account>.table.core.windows.net reached with the managed identity)',
    path: ['ROSTER_STORAGE_CONNECTION'],
  })
  .refine((env) => !(env.ROSTER_STORAGE_CONNECTION && env.ROSTER_STORAGE_TABLE_ENDPOINT), {
    message: 'set only one of ROSTER_STORAGE_CONNECTION and ROSTER_STORAGE_TABLE_ENDPOINT',
    path: ['ROSTER_STORAGE_TABLE_ENDPOINT'],
  })
  .refine((env) => env.ROSTER_SIGNING_KEYS || env.ROSTER_SIGNING_KEY_FILE, {
    message: 'set ROSTER_SIGNING_KEYS (JSON signing keys) or ROSTER_SIGNING_KEY_FILE (a file holding them)',
    path: ['ROSTER_SIGNING_KEYS'],
  });

export interface Config {
  /** Exactly one of storageConnection and storageTableEndpoint is set. */
  storageConnection?: string;
  storageTableEndpoint?: string;
  /** The user-assigned managed identity to reach storageTableEndpoint with (AZURE_CLIENT_ID). */
  managedIdentityClientId?: string;
  tableName: string;
  signingKeys?: string;
  signingKeyFile?: string;
  tokenIssuer: string;
  /** Audience of directory-key tokens. */
  tokenAudience: string;
  maxBodyBytes: number;
  maxPageSize: number;
  keyCacheSeconds: number;
  /** Default per-key rate limit (a directory may set its own). */
  rateLimit: { perSecond: number; burst: number };
  /** Lifetime of OAuth client-credentials access tokens, in minutes. */
  oauthTokenMinutes: number;
  /** JWKS of Entra-issued tokens. */
  entraJwksUrl: string;
  /** The management API's admin credential (ROSTER_ADMIN_KEY); management is closed without it. */
  adminKey?: string;
  /** Console sign-in through App Service Authentication (shared/http/console-auth.ts). */
  consoleAuth: { mode: 'admin-key' | 'appservice'; adminRole: string; adminGroupId?: string };
  /** maxRows: the row budget of a run (ROSTER_RECONCILE_MAX_ROWS), when set. */
  reconcile: { schedule: string; journalRetentionDays: number; deactivatedRetentionDays: number; maxSeconds: number; maxRows?: number; maxReadsPerSecond: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What App Service leaves in a setting when it cannot resolve a Key Vault reference. */
const UNRESOLVED_REFERENCE = /^@Microsoft\.KeyVault\(/i;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An app setting that exists but is empty means "not set", as it does for the Functions host.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const problems = unresolvedReferences(present);
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`));
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(`Roster cannot start: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    storageConnection: e.ROSTER_STORAGE_CONNECTION,
    storageTableEndpoint: e.ROSTER_STORAGE_TABLE_ENDPOINT?.replace(/\/+$/, ''),
    managedIdentityClientId: e.AZURE_CLIENT_ID,
    tableName: e.ROSTER_TABLE_NAME,
    signingKeys: e.ROSTER_SIGNING_KEYS,
    signingKeyFile: e.ROSTER_SIGNING_KEY_FILE,
    tokenIssuer: e.ROSTER_TOKEN_ISSUER,
    tokenAudience: 'roster-scim',
    maxBodyBytes: e.ROSTER_MAX_BODY_BYTES,
    maxPageSize: e.ROSTER_MAX_PAGE_SIZE,
    keyCacheSeconds: e.ROSTER_KEY_CACHE_SECONDS,
    rateLimit: { perSecond: e.ROSTER_RATE_LIMIT_PER_SECOND, burst: e.ROSTER_RATE_LIMIT_BURST },
    oauthTokenMinutes: e.ROSTER_OAUTH_TOKEN_MINUTES,
    entraJwksUrl: e.ROSTER_ENTRA_JWKS_URL,
    adminKey: e.ROSTER_ADMIN_KEY,
    consoleAuth: { mode: e.ROSTER_CONSOLE_AUTH, adminRole: e.ROSTER_CONSOLE_ADMIN_ROLE, adminGroupId: e.ROSTER_CONSOLE_ADMIN_GROUP?.toLowerCase() },
    reconcile: {
      schedule: e.ROSTER_RECONCILE_SCHEDULE,
      journalRetentionDays: e.ROSTER_JOURNAL_RETENTION_DAYS,
      deactivatedRetentionDays: e.ROSTER_DEACTIVATED_RETENTION_DAYS,
      maxSeconds: e.ROSTER_RECONCILE_MAX_SECONDS,
      maxRows: e.ROSTER_RECONCILE_MAX_ROWS,
      maxReadsPerSecond: e.ROSTER_RECONCILE_MAX_READS_PER_SECOND,
    },
  };
}

/**
 * App Service passes a Key Vault reference through as its literal text when it cannot read
 * the secret. Taking that text as a signing key or an admin key would be worse than stopping.
 */
function unresolvedReferences(env: Record<string, string | undefined>): string[] {
  return SETTING_NAMES.filter((name) => UNRESOLVED_REFERENCE.test(env[name] ?? '')).map(
    (name) =>
      `${name}: the Key Vault reference did not resolve (check that the secret exists and that the app's ` +
      'keyVaultReferenceIdentity has the Key Vault Secrets User role on the vault)',
  );
}

function isLoopbackHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
  } catch {
    return false;
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && url.search === '';
  } catch {
    return false;
  }
}
