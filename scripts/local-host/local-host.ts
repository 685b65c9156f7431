import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertRoutesValid, createDispatcher } from './http-dispatch';
import { consoleLog, type HostLog } from './invocation';
import { installRegistrationCapture } from './registration-capture';
import { TimerScheduler } from './timer-scheduler';

export interface LocalHostOptions {
  /** 0 picks a free port. */
  port: number;
  /** Loopback by default; the local host is for development only. */
  host?: string;
  /** host.json `extensions.http.routePrefix`; defaults to "api", "" serves routes at the root. */
  routePrefix?: string;
  log?: HostLog;
  /** Request bodies above this get 413; default 16 MiB. */
  maxBodyBytes?: number;
}

export interface LocalHost {
  /** Base URL without the route prefix, e.g. http://127.0.0.1:7071 */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Runs a timer function once, now; rejects if it is unknown or fails. */
  runTimer(name: string): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Serves the captured `@azure/functions` registrations over node:http, as the Functions host
 * would (see DESIGN.md §7). Load the function modules after `installRegistrationCapture()` and
 * before or after this call: routes are looked up per request; timers are scheduled here.
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  installRegistrationCapture();
  const log = options.log ?? consoleLog;
  const routePrefix = options.routePrefix ?? 'api';
  assertRoutesValid(routePrefix);
  const timers = new TimerScheduler(log);
  timers.start();
  const dispatcher = createDispatcher({ routePrefix, log, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
  const server = createServer(dispatcher);
  try {
    await listen(server, options.port, options.host ?? '127.0.0.1');
  } catch (error) {
    timers.stop();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  const hostPart = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${hostPart}:${port}`,
    port,
    runTimer: (name) => timers.run(name),
    close: async () => {
      timers.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
