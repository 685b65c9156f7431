import { describe, expect, it } from 'vitest';
import { BenchUsageError, DEFAULTS, parseBase, parseBenchArgs, parseSizes, type BenchOptions } from '../../../scripts/bench/args';

function run(line: string): BenchOptions {
  const parsed = parseBenchArgs(line.split(' ').filter(Boolean));
  if (parsed.kind !== 'run') throw new Error('expected options, got help');
  return parsed.options;
}

function usage(line: string): string {
  try {
    run(line);
  } catch (e) {
    expect(e).toBeInstanceOf(BenchUsageError);
    return (e as Error).message;
  }
  throw new Error(`"${line}" parsed`);
}

describe('parseBenchArgs', () => {
  it('defaults to 1k and 10k users against a bench-started Roster, writing docs/BENCHMARKS.md', () => {
    const options = run('');
    expect(options).toEqual(DEFAULTS);
    expect(options.sizes).toEqual([1000, 10_000]);
    expect(options.base).toBeUndefined();
    expect(options.doc).toBe('docs/BENCHMARKS.md');
  });

  it('reads every bound', () => {
    const options = run(
      '--sizes 50 --groups 3 --concurrency 2 --seed-concurrency 3 --requests 7 --seconds 4 --probes 1 ' +
        '--member-batch 5 --member-batches 2 --page-size 10 --walk-seconds 9 --warmup 0 --cold-starts 0 --out /tmp/x --no-doc --azurite-as-is',
    );
    expect(options).toEqual({
      ...DEFAULTS,
      sizes: [50],
      groups: 3,
      concurrency: 2,
      seedConcurrency: 3,
      requests: 7,
      seconds: 4,
      probes: 1,
      memberBatch: 5,
      memberBatches: 2,
      pageSize: 10,
      walkSeconds: 9,
      warmup: 0,
      coldStarts: 0,
      out: '/tmp/x',
      doc: undefined,
      azuriteAsIs: true,
    });
  });

  it('asks for help with -h or --help', () => {
    expect(parseBenchArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['--sizes', '10', '--help'])).toEqual({ kind: 'help' });
  });

  it('takes --base with --token, and keeps the Tenant URL without its trailing slash', () => {
    const options = run('--base http://localhost:7071/api/scim/v2/ --token eyJ.x.y --cleanup');
    expect(options.base).toBe('http://localhost:7071/api/scim/v2');
    expect(options.token).toBe('eyJ.x.y');
    expect(options.cleanup).toBe(true);
  });

  it.each([
    ['--base http://localhost:7071/api/scim/v2', /--base needs --token/],
    ['--token abc', /--token goes with --base/],
    ['--cleanup', /--cleanup goes with --base/],
    ['--base https://x.example/api/scim/v2 --token t --azurite-as-is', /--azurite-as-is is for the Azurite the bench starts/],
    ['--requests 0', /--requests must be a whole number from 1/],
    ['--requests 1.5', /--requests must be a whole number/],
    ['--concurrency many', /--concurrency must be a whole number/],
    ['--sizes 1000,x', /--sizes takes sizes/],
    ['--sizes 1', /--sizes takes sizes from 2/],
    ['--sizes 2000000', /--sizes takes sizes/],
    ['--frobnicate', /Unknown option '--frobnicate'.*--help/],
    ['extra', /positional/i],
  ])('refuses %s', (line, message) => {
    expect(usage(line)).toMatch(message);
  });
});

describe('parseSizes', () => {
  it('takes plain numbers, k and m suffixes, exponents and underscores; sorted and distinct', () => {
    expect(parseSizes('10k,1000,1e3,100_000')).toEqual([1000, 10_000, 100_000]);
    expect(parseSizes(' 1.5k , 1m ')).toEqual([1500, 1_000_000]);
  });
});

describe('parseBase', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(parseBase('https://app.azurewebsites.net/api/scim/v2')).toBe('https://app.azurewebsites.net/api/scim/v2');
    expect(parseBase('http://127.0.0.1:7071/api/scim/v2')).toBe('http://127.0.0.1:7071/api/scim/v2');
    expect(parseBase('http://[::1]:7071/api/scim/v2')).toBe('http://[::1]:7071/api/scim/v2');
    expect(() => parseBase('http://app.example/api/scim/v2')).toThrow(/https/);
    expect(() => parseBase('ftp://localhost/x')).toThrow(BenchUsageError);
    expect(() => parseBase('not a url')).toThrow(/Tenant URL/);
    expect(() => parseBase('https://app.example/api/scim/v2?aadOptscim062020')).toThrow(/without a query/);
  });
});
