import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RestError, type TableClient } from '@azure/data-tables';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { Authenticator } from '../auth/authenticator';
import type { TokenOptions } from '../auth/directory-token';
import { EntraTokenVerifier } from '../auth/entra-token';
import { RateLimiter } from '../auth/rate-limiter';
import { parseSigningKeys, type SigningKey } from '../auth/signing-keys';
import { ConfigError, loadConfig, type Config } from '../config';
import { ScimError } from '../scim/errors';
import { GroupService } from '../scim/service/group-service';
import { ResourceService } from '../scim/service/resource-service';
import type { ResourceTypeDef } from '../scim/schema/types';
import { DirectoryStore } from '../store/directory-store';
import { createTableClient, ensureTable, type TableTarget } from '../store/table-client';
import type { Actor } from '../store/journal';
import { RequestStats } from '../store/request-stats';
import { TableResourceRepository } from '../store/table-resource-repository';

/** Everything a request needs, built once per worker (DESIGN.md §1: one composition module). */
export interface Services {
  config: Config;
  table: TableClient;
  signingKeys: SigningKey[];
  directories: DirectoryStore;
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  requestStats: RequestStats;
  tokenOptions: TokenOptions;
  /** The service for one resource type in one directory; `actor` names who writes, in the journal. */
  resources(rt: ResourceTypeDef, directoryId: string, actor?: Actor): ResourceService;
}

let services: Promise<Services> | undefined;

export function getServices(): Promise<Services> {
  services ??= Promise.resolve()
    .then(() => buildServices(loadConfig()))
    .catch((e: unknown) => {
      services = undefined;
      throw notConfigured(e);
    });
  return services;
}

let reportedProblem: string | undefined;

/**
 * Settings are checked on the first request (the Functions worker offers no earlier place
 * that tests, which set the environment after importing, can live with). Until a missing or
 * wrong setting is fixed, every request is 503 with a detail naming the setting, never its
 * value; the problem is logged once per worker, not once per request.
 */
function notConfigured(e: unknown): unknown {
  if (!(e instanceof ConfigError)) return e;
  if (e.message !== reportedProblem) {
    reportedProblem = e.message;
    console.error(e.message);
  }
  return ScimError.unavailable(e.message, 60);
}

/** Forget the built services so the next request re-reads the environment (tests, dev host). */
export function resetServices(): void {
  services = undefined;
}

export async function buildServices(config: Config): Promise<Services> {
  const signingKeys = loadSigningKeys(config);
  const table = createTableClient(tableTarget(config), config.tableName);
  await ensureTableReachable(table, config);
  const background = createTableClient(tableTarget(config), config.tableName, false);
  const directories = new DirectoryStore(table, background);
  const tokenOptions = { issuer: config.tokenIssuer, audience: config.tokenAudience };
  return {
    config,
    table,
    signingKeys,
    directories,
    authenticator: new Authenticator(signingKeys, tokenOptions, directories, config.keyCacheSeconds, new EntraTokenVerifier(config.entraJwksUrl)),
    tokenOptions,
    rateLimiter: new RateLimiter(),
    requestStats: new RequestStats(background),
    resources: (rt, directoryId, actor) => {
      const Service = rt.name === 'Group' ? GroupService : ResourceService;
      return new Service(rt, new TableResourceRepository(table, directoryId, actor), randomUUID);
    },
  };
}

/**
 * Azurite by connection string; Azure by endpoint and a Microsoft Entra token. With
 * AZURE_CLIENT_ID that token comes from that user-assigned managed identity and nothing else
 * (a deterministic credential in production); without it, from DefaultAzureCredential, which
 * finds a developer's `az login` when running locally against a real account.
 */
export function tableTarget(config: Config): TableTarget {
  if (config.storageConnection) return config.storageConnection;
  const credential = config.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: config.managedIdentityClientId })
    : new DefaultAzureCredential();
  return { endpoint: config.storageTableEndpoint!, credential };
}

/** Storage refusing Roster's identity is a setting to fix, not a bug: say which one. */
async function ensureTableReachable(table: TableClient, config: Config): Promise<void> {
  try {
    await ensureTable(table);
  } catch (e) {
    const setting = config.storageConnection ? 'ROSTER_STORAGE_CONNECTION' : 'ROSTER_STORAGE_TABLE_ENDPOINT';
    if (e instanceof RestError && (e.statusCode === 401 || e.statusCode === 403)) {
      throw new ConfigError(
        `Roster cannot start: ${setting}: storage refused Roster (${e.statusCode} ${e.code ?? ''}); with a managed identity it ` +
          'needs the Storage Table Data Contributor role on the account (a new role assignment can take minutes to apply)',
      );
    }
    if (e instanceof Error && /^(CredentialUnavailable|Authentication|AggregateAuthentication)Error$/.test(e.name)) {
      throw new ConfigError(
        `Roster cannot start: AZURE_CLIENT_ID: no Microsoft Entra token for ${setting} (${e.name}); check that the ` +
          'user-assigned managed identity with this client id is assigned to the app',
      );
    }
    throw e;
  }
}

export function loadSigningKeys(config: Pick<Config, 'signingKeys' | 'signingKeyFile'>): SigningKey[] {
  try {
    if (config.signingKeys) return parseSigningKeys(config.signingKeys, 'ROSTER_SIGNING_KEYS');
    const file = config.signingKeyFile!;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new Error(`ROSTER_SIGNING_KEY_FILE: cannot read ${file}`);
    }
    return parseSigningKeys(text, `ROSTER_SIGNING_KEY_FILE (${file})`);
  } catch (e) {
    // parseSigningKeys names the setting and the problem, never the key material.
    throw new ConfigError(`Roster cannot start: ${e instanceof Error ? e.message : String(e)}`);
  }
}
