import { TableClient } from '@azure/data-tables';

/** Storage round trips made by this worker's table clients; tests and the bench read it. */
export const storageMetrics = { roundTrips: 0 };

/**
 * A Microsoft Entra token credential: @azure/core-auth's TokenCredential, spelled out so that
 * shared/store needs no identity package. The composition root chooses the credential.
 */
export interface TableTokenCredential {
  getToken(scopes: string | string[], options?: object): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** Where the table lives: a connection string (Azurite), or an endpoint and a token credential (Azure). */
export type TableTarget = string | { endpoint: string; credential: TableTokenCredential };

/**
 * The Roster table client. Azurite speaks plain http on loopback, so insecure connections
 * are allowed only for connection strings naming 127.0.0.1 / localhost; an endpoint reached
 * with a token is always https (config refuses anything else).
 */
export function createTableClient(target: TableTarget, tableName: string, counted = true): TableClient {
  const client =
    typeof target === 'string'
      ? TableClient.fromConnectionString(target, tableName, { allowInsecureConnection: isLocal(target) })
      : new TableClient(target.endpoint, tableName, target.credential);
  // Background writes (usage stats, lastUsed) go through an uncounted client: storageMetrics
  // measures what a request costs, and those writes are not on any request's path.
  if (!counted) return client;
  client.pipeline.addPolicy({
    name: 'roster-round-trip-counter',
    sendRequest: (request, next) => {
      storageMetrics.roundTrips++;
      return next(request);
    },
  });
  return client;
}

function isLocal(connectionString: string): boolean {
  return (
    /(TableEndpoint|BlobEndpoint)=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(connectionString) ||
    /UseDevelopmentStorage=true/i.test(connectionString)
  );
}

/** Creates the table if needed; cheap to call once per worker. */
export async function ensureTable(client: TableClient): Promise<void> {
  await client.createTable();
}
