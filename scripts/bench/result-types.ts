import type { LatencySummary } from './stats';

/** The phases of one Entra provisioning cycle the bench measures, in the order it runs them. */
export const PHASES = [
  { name: 'testConnection', title: 'Test Connection (userName miss)', short: 'Test Connection' },
  { name: 'filterUserName', title: 'Filter userName eq (hit)', short: 'userName eq' },
  { name: 'filterExternalId', title: 'Filter externalId eq (hit)', short: 'externalId eq' },
  { name: 'getUser', title: 'GET /Users/{id}', short: 'GET user' },
  { name: 'createUser', title: 'POST /Users', short: 'POST user' },
  { name: 'patchUser', title: 'PATCH /Users/{id} (Entra)', short: 'PATCH user' },
  { name: 'memberAdd', title: 'PATCH /Groups add members', short: 'add members' },
  { name: 'memberRemove', title: 'PATCH /Groups remove members', short: 'remove members' },
  { name: 'getGroupNoMembers', title: 'GET /Groups/{id}?excludedAttributes=members', short: 'GET group' },
  { name: 'pageWalk', title: 'GET /Users page walk', short: 'page walk' },
  { name: 'deleteUser', title: 'DELETE /Users/{id}', short: 'DELETE user' },
] as const;

export type PhaseName = (typeof PHASES)[number]['name'];

export function phaseTitle(name: PhaseName): string {
  return PHASES.find((p) => p.name === name)!.title;
}

/** Storage round trips per request. */
export interface RoundTrips {
  /** Median over the probes (requests sent one at a time, each measured on its own). */
  median?: number;
  min?: number;
  max?: number;
  /** Over the whole phase: round trips during the phase / requests (includes background writes). */
  mean?: number;
  /** The page walk: round trips of its first and last page, and of every page. */
  first?: number;
  last?: number;
  perRequest?: number[];
}

export interface PhaseResult {
  name: PhaseName;
  title: string;
  requests: number;
  /** Answers with a status the phase did not expect (each is also in `errorSamples`). */
  errors: number;
  errorSamples: string[];
  /** 429 answers retried after Retry-After. */
  throttled: number;
  seconds: number;
  /** What ended the phase: its request count, its time bound, or the data it works on. */
  stoppedBy: 'count' | 'time' | 'data';
  requestsPerSecond: number;
  latencyMs?: LatencySummary;
  /** Server process CPU (user + system) per request; null when the server is not ours. */
  cpuMsPerRequest: number | null;
  /** A sequential phase (page walk, member PATCHes): the server CPU of each request, in order. */
  perRequestCpuMs?: number[];
  /** Azurite's CPU per request (Linux /proc); null when unknown. */
  storageCpuMsPerRequest: number | null;
  roundTrips: RoundTrips | null;
  /** Server resident set size at the end of the phase, and its peak so far. */
  rssMiB: number | null;
  maxRssMiB: number | null;
  /** Phase-specific facts: group size, pages walked, and so on. */
  details: Record<string, number | string>;
}

export interface SizeResult {
  users: number;
  groups: number;
  /** Members of the large group when the member phases ran. */
  largeGroupMembers: number;
  seed: { users: number; groups: number; members: number; seconds: number };
  phases: PhaseResult[];
}

export interface ColdStart {
  runs: number;
  /** Median milliseconds: process spawn to the first line of the script (Node's own start). */
  nodeStartMs: number | null;
  /** Median milliseconds to require every function module (package.json "main"). */
  loadModulesMs: number | null;
  /** Median milliseconds from process spawn to the first answered SCIM request (Test Connection). */
  firstResponseMs: number | null;
  /** Median milliseconds of that first request alone (settings, storage client, key lookup). */
  firstRequestMs: number | null;
  modules: { file: string; ms: number }[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  azurite: string | null;
  commit: string | null;
  /** Uncommitted changes in the working tree when the bench ran. */
  dirty: boolean | null;
  /** 1-minute load average when the bench started and when it ended: other work on the machine. */
  loadAverage: { start: number; end: number };
}

export interface BenchResult {
  schema: 'roster-bench/1';
  startedAt: string;
  seconds: number;
  /** `azurite`: how the bench's own Azurite ran (see azurite-index.ts). */
  target: { mode: 'local' | 'remote'; tenantUrl: string; azurite?: 'RowKey index' | 'as is' };
  machine: Machine;
  options: Record<string, unknown>;
  coldStart: ColdStart | null;
  sizes: SizeResult[];
}
