import { CliError } from './cli-error';
import type { Target } from './resolve-target';

export type OptionValues = Record<string, string | boolean | undefined>;

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** `--name <value>` in help; the value's placeholder is `value`. */
  value?: string;
  help: string;
}

/** One call of the management API, relative to `<base url>/api/manage/`. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

/** A parsed command line for one command. */
export interface Invocation {
  /** Positional arguments after the command's two words, by the names in `Command.positionals`. */
  args: Record<string, string>;
  values: OptionValues;
  now: Date;
  /** The deployment's base URL, for hints such as the Tenant URL. */
  baseUrl: string;
}

/**
 * A CLI command: a pure mapping from the command line to one management API request, and from
 * the API's JSON answer to text. `--json` prints the answer itself instead of `render`.
 */
export interface Command {
  group: 'directories' | 'keys' | 'journal' | 'reconcile';
  action: string;
  positionals: string[];
  options: Record<string, OptionSpec>;
  /** What follows `roster <group> <action>` in the usage line. */
  usage: string;
  summary: string;
  request(inv: Invocation): ApiRequest;
  render(body: any, inv: Invocation): string;
  /** Printed on stderr with `--json` (the human output includes it). */
  jsonNotice?: string;
  /** Commands that are more than one request (export, import) do their own I/O and return the exit status. */
  run?(inv: Invocation, target: Target, io: { fetch: typeof fetch; stdout(text: string): void; stderr(text: string): void }): Promise<number>;
  /** A clearer message for an API refusal, or undefined to keep the API's. */
  explain?(error: CliError, inv: Invocation): string | undefined;
}

export function stringValue(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** Path segments are URL-encoded: a directory or key id can never add a segment. */
export function apiPath(...segments: string[]): string {
  return segments.map(encodeURIComponent).join('/');
}

export function requiredString(values: OptionValues, name: string, what: string): string {
  const value = stringValue(values, name);
  if (value === undefined || value.trim() === '') throw CliError.usage(`--${name} <${what}> is required`);
  return value;
}
