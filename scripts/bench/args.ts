import { parseArgs } from 'node:util';

/** What `npm run bench -- <options>` asks for. Every phase is bounded by `requests` and `seconds`. */
export interface BenchOptions {
  /** Directory sizes in users, ascending, each measured after growing the directory to it. */
  sizes: number[];
  /** Groups seeded at the first size: one large group (half the users) and G - 1 small ones. */
  groups: number;
  /** A running Roster's Tenant URL; absent means the bench starts Azurite and the local host. */
  base?: string;
  token?: string;
  /** Requests in flight at once during a phase. */
  concurrency: number;
  /** Requests in flight at once while seeding. */
  seedConcurrency: number;
  /** Most requests one phase sends. */
  requests: number;
  /** Most seconds one phase runs (the page walk has its own bound). */
  seconds: number;
  /** The first requests of a phase go one at a time, each measured on its own (exact round trips). */
  probes: number;
  /** Members per member PATCH (Entra sends tens; 50 by default). */
  memberBatch: number;
  /** Most member PATCHes in the member add and member remove phases. */
  memberBatches: number;
  /** `count` of each page of the page walk. */
  pageSize: number;
  /** Most seconds the page walk runs. */
  walkSeconds: number;
  /** Requests per phase in one unmeasured pass before the first size, so both sizes meet a warm server. */
  warmup: number;
  /** Fresh Node processes started to time the cold start (0 skips it). */
  coldStarts: number;
  /** Where the JSON, Markdown and SVG go. */
  out: string;
  /** The Markdown file whose results section is replaced, or undefined for none. */
  doc?: string;
  /** Delete the users and groups the bench created when it ends (for --base). */
  cleanup: boolean;
  /** Run the bench's Azurite without the RowKey index (azurite-index.ts). */
  azuriteAsIs: boolean;
}

export type BenchCommand = { kind: 'help' } | { kind: 'run'; options: BenchOptions };

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

export const DEFAULTS: BenchOptions = {
  sizes: [1000, 10_000],
  groups: 20,
  concurrency: 4,
  seedConcurrency: 8,
  requests: 500,
  seconds: 15,
  probes: 5,
  memberBatch: 50,
  memberBatches: 10,
  pageSize: 100,
  walkSeconds: 45,
  warmup: 100,
  coldStarts: 3,
  out: 'bench-results',
  doc: 'docs/BENCHMARKS.md',
  cleanup: false,
  azuriteAsIs: false,
};

/** Largest directory the bench will seed: 1M users through HTTP would run for hours. */
const MAX_SIZE = 1_000_000;

export const USAGE = `npm run bench -- [options]

Seeds a directory with Entra-shaped users and groups at each size and measures every phase of
an Entra provisioning cycle: requests/s, latency, server CPU and storage round trips per request.

  --sizes 1000,10000      directory sizes in users (default 1000,10000)
  --groups 20             groups to seed, one of them holding half the users
  --base URL --token T    measure a running Roster (its Tenant URL) instead of starting one;
                          server CPU, RSS and round trips are then n/a. Seeds into the
                          directory the token opens: use a throwaway directory
  --cleanup               with --base: delete what the bench created when it ends
  --azurite-as-is         run the bench's Azurite without its RowKey index (slow:
                          every row operation then scans the directory's partition)
  --concurrency 4         requests in flight during a phase
  --seed-concurrency 8    requests in flight while seeding
  --requests 500          most requests per phase
  --seconds 15            most seconds per phase
  --probes 5              first requests of a phase measured one at a time
  --member-batch 50       members per member PATCH
  --member-batches 10     most member PATCHes per member phase
  --page-size 100         count of each page of the page walk
  --walk-seconds 45       most seconds for the page walk
  --warmup 100            requests per phase in an unmeasured pass first (0 skips it)
  --cold-starts 3         fresh processes timed for the cold start (0 skips it)
  --out bench-results     where the JSON, Markdown and SVG go
  --doc docs/BENCHMARKS.md  the document whose results section is replaced
  --no-doc                leave the document alone
  -h, --help              this text
`;

const OPTIONS = {
  sizes: { type: 'string' },
  groups: { type: 'string' },
  base: { type: 'string' },
  token: { type: 'string' },
  cleanup: { type: 'boolean' },
  'azurite-as-is': { type: 'boolean' },
  concurrency: { type: 'string' },
  'seed-concurrency': { type: 'string' },
  requests: { type: 'string' },
  seconds: { type: 'string' },
  probes: { type: 'string' },
  'member-batch': { type: 'string' },
  'member-batches': { type: 'string' },
  'page-size': { type: 'string' },
  'walk-seconds': { type: 'string' },
  warmup: { type: 'string' },
  'cold-starts': { type: 'string' },
  out: { type: 'string' },
  doc: { type: 'string' },
  'no-doc': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the bench's command line; throws BenchUsageError with a one-line message. */
export function parseBenchArgs(argv: readonly string[]): BenchCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new BenchUsageError(`${(e as Error).message.split('\n')[0]} (see npm run bench -- --help)`);
  }
  if (values.help) return { kind: 'help' };
  const text = (name: string) => values[name] as string | undefined;
  const int = (name: string, min: number, max: number, fallback: number) => integerOption(name, text(name), min, max, fallback);
  const options: BenchOptions = {
    sizes: parseSizes(text('sizes')),
    groups: int('groups', 1, 10_000, DEFAULTS.groups),
    concurrency: int('concurrency', 1, 256, DEFAULTS.concurrency),
    seedConcurrency: int('seed-concurrency', 1, 256, DEFAULTS.seedConcurrency),
    requests: int('requests', 1, 1_000_000, DEFAULTS.requests),
    seconds: int('seconds', 1, 3600, DEFAULTS.seconds),
    probes: int('probes', 0, 1000, DEFAULTS.probes),
    memberBatch: int('member-batch', 1, 1000, DEFAULTS.memberBatch),
    memberBatches: int('member-batches', 1, 10_000, DEFAULTS.memberBatches),
    pageSize: int('page-size', 1, 1000, DEFAULTS.pageSize),
    walkSeconds: int('walk-seconds', 1, 3600, DEFAULTS.walkSeconds),
    warmup: int('warmup', 0, 10_000, DEFAULTS.warmup),
    coldStarts: int('cold-starts', 0, 20, DEFAULTS.coldStarts),
    out: text('out') || DEFAULTS.out,
    doc: values['no-doc'] ? undefined : text('doc') || DEFAULTS.doc,
    cleanup: values.cleanup === true,
    azuriteAsIs: values['azurite-as-is'] === true,
  };
  const base = text('base');
  const token = text('token') ?? process.env.ROSTER_BENCH_TOKEN;
  if (base !== undefined) {
    if (!token) throw new BenchUsageError('--base needs --token (or ROSTER_BENCH_TOKEN): the Secret Token of the directory to seed');
    options.base = parseBase(base);
    options.token = token;
  } else {
    if (text('token') !== undefined) throw new BenchUsageError('--token goes with --base; without --base the bench starts its own Roster');
    if (options.cleanup) throw new BenchUsageError('--cleanup goes with --base; a bench-started Roster is thrown away anyway');
  }
  if (options.base && options.azuriteAsIs) throw new BenchUsageError('--azurite-as-is is for the Azurite the bench starts; --base uses no Azurite of the bench');
  return { kind: 'run', options };
}

function integerOption(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!/^\s*\d[\d_]*\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new BenchUsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** `1000,10000` or `1k,10k` (also `1e4`, `100_000`): distinct, ascending. */
export function parseSizes(value: string | undefined): number[] {
  if (value === undefined) return [...DEFAULTS.sizes];
  const sizes = value.split(',').map((part) => {
    const trimmed = part.trim().toLowerCase().replace(/_/g, '');
    const match = /^(\d+(?:\.\d+)?)(k|m)?$/.exec(trimmed) ?? /^(\d+(?:\.\d+)?e\d+)()$/.exec(trimmed);
    const n = match ? Math.round(Number(match[1]) * (match[2] === 'k' ? 1e3 : match[2] === 'm' ? 1e6 : 1)) : NaN;
    if (!Number.isSafeInteger(n) || n < 2 || n > MAX_SIZE) {
      throw new BenchUsageError(`--sizes takes sizes from 2 to ${MAX_SIZE.toLocaleString('en-US')} users separated by commas, got "${part.trim()}"`);
    }
    return n;
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/**
 * The Tenant URL of a running Roster, without a trailing slash. The token is a bearer secret,
 * so plain http is accepted only on loopback.
 */
export function parseBase(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BenchUsageError(`--base must be a Tenant URL such as http://localhost:7071/api/scim/v2, got "${value}"`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new BenchUsageError(`--base must be https:// (http:// only on localhost, 127.0.0.1 or [::1]), got "${value}"`);
  }
  if (url.search || url.hash) throw new BenchUsageError(`--base must be a Tenant URL without a query or fragment, got "${value}"`);
  return url.href.replace(/\/+$/, '');
}
