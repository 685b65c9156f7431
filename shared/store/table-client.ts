import { TableClient } from '@azure/data-tables';

/** Storage round trips made by this worker's table clients; tests and the bench read it. */
export const storageMetrics = { roundTrips: 0 };

/**
 * The Roster table client. Azurite speaks plain http on loopback, so insecure connections
 * are allowed only for endpoints on 127.0.0.1 / localhost.
 */
export function createTableClient(connectionString: string, tableName: string): TableClient {
  const local = /(TableEndpoint|BlobEndpoint)=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(connectionString) || /UseDevelopmentStorage=true/i.test(connectionString);
  const client = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: local });
  client.pipeline.addPolicy({
    name: 'roster-round-trip-counter',
    sendRequest: (request, next) => {
      storageMetrics.roundTrips++;
      return next(request);
    },
  });
  return client;
}

/** Creates the table if needed; cheap to call once per worker. */
export async function ensureTable(client: TableClient): Promise<void> {
  await client.createTable();
}
