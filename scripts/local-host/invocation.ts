import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { InvocationContext, type FunctionTrigger } from '@azure/functions';
import type { Registration } from './registration-capture';

export type HostLogLevel = 'information' | 'warning' | 'error';

/** Where the local host writes its own lines and the functions' `context.log` output. */
export type HostLog = (level: HostLogLevel, message: string) => void;

export const consoleLog: HostLog = (level, message) => {
  const line = `[${new Date().toISOString()}] ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warning') console.warn(line);
  else console.log(line);
};

/**
 * A real InvocationContext for one call. Like the host's default `logLevel` (Information),
 * trace and debug lines are dropped.
 */
export function createInvocationContext(registration: Registration, log: HostLog): InvocationContext {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName: registration.name,
    options: { trigger: registration.trigger as unknown as FunctionTrigger, extraInputs: [], extraOutputs: [] },
    logHandler: (level, ...args) => {
      if (level === 'trace' || level === 'debug' || level === 'none') return;
      const mapped: HostLogLevel = level === 'error' || level === 'critical' ? 'error' : level === 'warning' ? 'warning' : 'information';
      log(mapped, `${registration.name}: ${format(...args)}`);
    },
  });
}

/** Logs a failed invocation with its stack; what a handler throws never reaches the client. */
export function logFailure(log: HostLog, registration: Registration, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : format(error);
  log('error', `${registration.name}: invocation failed: ${detail}`);
}
