import { join } from 'node:path';
import { CliError } from './cli-error';
import type { GlobalOptions } from './parse-command-line';

/** Where `npm start` keeps the local instance's admin key, under its data root (ROSTER_DATA_DIR or the repository). */
export const LOCAL_ADMIN_KEY_FILE = join('.roster', 'admin-key');

/** The deployment a command talks to, and the admin key with where it came from (never printed). */
export interface Target {
  /** e.g. http://localhost:7071 or https://app.azurewebsites.net, without a trailing slash. */
  baseUrl: string;
  local: boolean;
  adminKey: string;
  /** `--admin-key`, `ROSTER_ADMIN_KEY` or the key file's path: named in a 401's message. */
  keySource: string;
}

export interface TargetContext {
  env: NodeJS.ProcessEnv;
  /** ROSTER_DATA_DIR resolved, else the repository root: where `.roster/` is. */
  dataRoot(): string;
  /** The file's text, or undefined when there is no such file. */
  readFile(path: string): string | undefined;
}

/**
 * `--url`, else the local instance on ROSTER_PORT (7071). The admin key: `--admin-key`, else
 * ROSTER_ADMIN_KEY, else, for a local instance only, the file `npm start` wrote: a deployment
 * never gets the local key.
 */
export function resolveTarget(options: Pick<GlobalOptions, 'url' | 'adminKey'>, ctx: TargetContext): Target {
  const baseUrl = options.url !== undefined ? parseBaseUrl(options.url) : `http://localhost:${localPort(ctx.env.ROSTER_PORT)}`;
  const local = isLoopback(new URL(baseUrl).hostname);
  const given = options.adminKey?.trim();
  if (options.adminKey !== undefined && !given) throw CliError.usage('--admin-key is empty');
  if (given) return { baseUrl, local, adminKey: given, keySource: '--admin-key' };
  const fromEnv = ctx.env.ROSTER_ADMIN_KEY?.trim();
  if (fromEnv) return { baseUrl, local, adminKey: fromEnv, keySource: 'ROSTER_ADMIN_KEY' };
  if (!local) {
    throw CliError.noAdminKey(
      `no admin key for ${baseUrl}: set ROSTER_ADMIN_KEY or pass --admin-key (a deployment keeps it in Key Vault as roster-admin-key)`,
    );
  }
  const file = join(ctx.dataRoot(), LOCAL_ADMIN_KEY_FILE);
  const fromFile = ctx.readFile(file)?.trim();
  if (fromFile) return { baseUrl, local, adminKey: fromFile, keySource: file };
  throw CliError.noAdminKey(`no admin key: set ROSTER_ADMIN_KEY, pass --admin-key, or run npm start once to create ${file}`);
}

/**
 * A deployment's base URL. The Tenant URL (…/api/scim/v2) and …/api are accepted too and cut
 * back to the base, since those are what people have at hand.
 */
export function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw CliError.usage(`--url: "${text}" is not a URL; expected e.g. https://<app>.azurewebsites.net`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw CliError.usage(`--url: expected an http:// or https:// URL, got "${text}"`);
  if (url.username || url.password || url.search || url.hash) throw CliError.usage('--url: give the base URL only, without credentials, query or fragment');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api(?:\/scim\/v2|\/manage)?$/i, '');
  return `${url.origin}${path}`;
}

function localPort(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === '') return 7071;
  const port = Number(setting);
  if (!/^\d+$/.test(setting.trim()) || port < 1 || port > 65535) throw CliError.usage(`ROSTER_PORT: expected a port number, got "${setting}"`);
  return port;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
