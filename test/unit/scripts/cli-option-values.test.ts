import { describe, expect, it } from 'vitest';
import { CliError } from '../../../scripts/cli/cli-error';
import { parseFutureTime, parseInteger, parseRateLimit, parseScope, parseTenantId } from '../../../scripts/cli/option-values';

const now = new Date('2025-03-01T12:00:00Z');

function usageError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    return e as CliError;
  }
  throw new Error('expected a usage error');
}

describe('parseFutureTime', () => {
  it.each([
    ['12h', '2025-03-02T00:00:00.000Z'],
    ['90d', '2025-05-30T12:00:00.000Z'],
    ['2w', '2025-03-15T12:00:00.000Z'],
    ['1y', '2026-03-01T12:00:00.000Z'],
    ['90D', '2025-05-30T12:00:00.000Z'],
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['2026-01-31T09:30:00Z', '2026-01-31T09:30:00.000Z'],
    ['2026-01-31T09:30+02:00', '2026-01-31T07:30:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseFutureTime(text, '--expires', now)).toBe(iso);
  });

  it.each(['soon', '90', '3m', '2026-01-31T09:30:00', '31/01/2026', ''])('refuses %j, naming the flag', (text) => {
    expect(usageError(() => parseFutureTime(text, '--expires', now)).message).toMatch(/^--expires: expected an ISO date/);
  });

  it.each(['2026-02-30T00:00:00Z', '2026-13-01', '2026-04-31', '2026-01-01T24:00Z'])('refuses %s, a date that does not exist', (text) => {
    expect(usageError(() => parseFutureTime(text, '--expire-old', now)).message).toBe(`--expire-old: "${text}" is not a real date`);
  });

  it('refuses the past and the present', () => {
    expect(usageError(() => parseFutureTime('2025-01-01', '--expires', now)).message).toBe('--expires: 2025-01-01T00:00:00.000Z is not in the future');
    expect(usageError(() => parseFutureTime('0d', '--expires', now)).message).toMatch(/is not in the future/);
  });
});

describe('parseRateLimit', () => {
  it('is undefined without --rate and --burst', () => {
    expect(parseRateLimit(undefined, undefined)).toBeUndefined();
  });

  it('reads both as the token bucket', () => {
    expect(parseRateLimit('2.5', '10')).toEqual({ perSecond: 2.5, burst: 10 });
  });

  it.each([
    ['5', undefined],
    [undefined, '5'],
  ])('wants both (rate %s, burst %s)', (rate, burst) => {
    expect(usageError(() => parseRateLimit(rate, burst)).message).toMatch(/--rate and --burst go together/);
  });

  it.each(['0', '-1', 'fast', '', '100001'])('refuses the rate %j', (rate) => {
    expect(usageError(() => parseRateLimit(rate, '10')).message).toMatch(/^--rate:/);
  });

  it.each(['0', '1.5', 'x', '1000001'])('refuses the burst %j', (burst) => {
    expect(usageError(() => parseRateLimit('5', burst)).message).toMatch(/^--burst: expected a whole number from 1 to 1000000/);
  });
});

describe('parseInteger', () => {
  it('accepts the range and nothing else', () => {
    expect(parseInteger('3', '--secret-years', 1, 3)).toBe(3);
    expect(usageError(() => parseInteger('4', '--secret-years', 1, 3)).message).toBe('--secret-years: expected a whole number from 1 to 3, got "4"');
  });
});

describe('parseScope and parseTenantId', () => {
  it('accepts the two scopes', () => {
    expect(parseScope('read-only')).toBe('read-only');
    expect(usageError(() => parseScope('admin')).message).toBe('--scope: expected read-write or read-only, got "admin"');
  });

  it('accepts a GUID, lower-cased', () => {
    expect(parseTenantId('72F988BF-86F1-41AF-91AB-2D7CD011DB47')).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(usageError(() => parseTenantId('contoso.onmicrosoft.com')).message).toMatch(/^--entra-tenant: expected the Entra tenant id, a GUID/);
  });
});
