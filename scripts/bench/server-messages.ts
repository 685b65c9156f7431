/** What the bench and its server process (server-process.ts) say to each other over IPC. */
export type ServerRequest = { type: 'sample'; id: number } | { type: 'stop' };

export interface ServerCounters {
  /** process.cpuUsage() user + system, in milliseconds. */
  cpuMs: number;
  rss: number;
  maxRss: number;
  /** storageMetrics.roundTrips: every request the table client sent. */
  roundTrips: number;
}

export type ServerMessage =
  | {
      type: 'ready';
      tenantUrl: string;
      /** A read-write key of each directory, `bench-1` first. */
      tokens: string[];
      /** For the cold-start processes, which serve the same storage with the same signing key. */
      storageConnection: string;
      signingKeys: string;
      azuritePid: number;
    }
  | { type: 'failed'; message: string }
  | ({ type: 'sample'; id: number } & ServerCounters);
