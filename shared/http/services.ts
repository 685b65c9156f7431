import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TableClient } from '@azure/data-tables';
import { Authenticator } from '../auth/authenticator';
import type { TokenOptions } from '../auth/directory-token';
import { parseSigningKeys, type SigningKey } from '../auth/signing-keys';
import { loadConfig, type Config } from '../config';
import { GroupService } from '../scim/service/group-service';
import { ResourceService } from '../scim/service/resource-service';
import type { ResourceTypeDef } from '../scim/schema/types';
import { DirectoryStore } from '../store/directory-store';
import { createTableClient, ensureTable } from '../store/table-client';
import { TableResourceRepository } from '../store/table-resource-repository';

/** Everything a request needs, built once per worker (DESIGN.md §1: one composition module). */
export interface Services {
  config: Config;
  table: TableClient;
  signingKeys: SigningKey[];
  directories: DirectoryStore;
  authenticator: Authenticator;
  tokenOptions: TokenOptions;
  resources(rt: ResourceTypeDef, directoryId: string): ResourceService;
}

let services: Promise<Services> | undefined;

export function getServices(): Promise<Services> {
  services ??= buildServices(loadConfig()).catch((e) => {
    services = undefined;
    throw e;
  });
  return services;
}

/** Forget the built services so the next request re-reads the environment (tests, dev host). */
export function resetServices(): void {
  services = undefined;
}

export async function buildServices(config: Config): Promise<Services> {
  const signingKeys = loadSigningKeys(config);
  const table = createTableClient(config.storageConnection, config.tableName);
  await ensureTable(table);
  const directories = new DirectoryStore(table);
  const tokenOptions = { issuer: config.tokenIssuer, audience: config.tokenAudience };
  return {
    config,
    table,
    signingKeys,
    directories,
    authenticator: new Authenticator(signingKeys, tokenOptions, directories, config.keyCacheSeconds),
    tokenOptions,
    resources: (rt, directoryId) => {
      const Service = rt.name === 'Group' ? GroupService : ResourceService;
      return new Service(rt, new TableResourceRepository(table, directoryId), randomUUID);
    },
  };
}

export function loadSigningKeys(config: Pick<Config, 'signingKeys' | 'signingKeyFile'>): SigningKey[] {
  if (config.signingKeys) return parseSigningKeys(config.signingKeys, 'ROSTER_SIGNING_KEYS');
  const file = config.signingKeyFile!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`ROSTER_SIGNING_KEY_FILE: cannot read ${file}`);
  }
  return parseSigningKeys(text, `ROSTER_SIGNING_KEY_FILE (${file})`);
}
