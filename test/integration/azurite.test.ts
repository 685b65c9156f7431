import { createServer, type Server } from 'node:net';
import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { startAzurite } from '../../scripts/azurite';
import { assertPortFree, freePort } from '../../scripts/ports';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startAzurite', () => {
  it('starts an in-memory Table service on free ports, serves @azure/data-tables, and stops', async () => {
    const azurite = await startAzurite({ inMemory: true, tableOnly: true, silent: true });
    try {
      expect(azurite.connectionString).toContain(`TableEndpoint=http://127.0.0.1:${azurite.tablePort}/devstoreaccount1;`);
      expect(azurite.blobPort).toBeUndefined();
      const client = TableClient.fromConnectionString(azurite.connectionString, 'rostertest', { allowInsecureConnection: true });
      await client.createTable();
      await client.createEntity({ partitionKey: 'p', rowKey: 'r', name: 'Ada' });
      expect(await client.getEntity('p', 'r')).toMatchObject({ name: 'Ada' });
    } finally {
      await azurite.stop();
    }
    expect(azurite.pid).toBeGreaterThan(0);
    expect(isRunning(azurite.pid)).toBe(false);
    await expect(assertPortFree(azurite.tablePort, 'TABLE_PORT')).resolves.toBeUndefined();
  });

  it('starts blob, queue and table together and names all three endpoints', async () => {
    const azurite = await startAzurite({ inMemory: true, silent: true });
    try {
      const { blobPort, queuePort, tablePort, connectionString } = azurite;
      expect(new Set([blobPort, queuePort, tablePort]).size).toBe(3);
      expect(connectionString).toMatch(new RegExp(`BlobEndpoint=http://127.0.0.1:${blobPort}/devstoreaccount1;`));
      expect(connectionString).toMatch(new RegExp(`QueueEndpoint=http://127.0.0.1:${queuePort}/devstoreaccount1;`));
      const client = TableClient.fromConnectionString(connectionString, 'rostertest2', { allowInsecureConnection: true });
      await client.createTable();
    } finally {
      await azurite.stop();
    }
  });

  it('fails with Azurite\'s own words when the table port is taken', async () => {
    const blocker = await listenOn(await freePort());
    try {
      const port = (blocker.address() as { port: number }).port;
      await expect(startAzurite({ inMemory: true, tableOnly: true, silent: true, tablePort: port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});

describe('assertPortFree', () => {
  it('gives one line naming the port and the setting when the port is in use', async () => {
    const blocker = await listenOn(await freePort());
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await assertPortFree(port, 'ROSTER_PORT').catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(`Port ${port} is already in use. Set ROSTER_PORT to use another port.`);
    } finally {
      blocker.close();
    }
  });

  it('resolves for a free port', async () => {
    await expect(assertPortFree(await freePort(), 'ROSTER_PORT')).resolves.toBeUndefined();
  });
});

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
