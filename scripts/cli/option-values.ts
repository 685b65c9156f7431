import { CliError } from './cli-error';

/**
 * Option values as the management API wants them, checked before anything is sent so a typo
 * is a usage error naming the flag rather than a 400 naming a JSON field.
 */

const DURATION = /^(\d+)\s*(h|d|w|y)$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/**
 * A future moment from an ISO date (`2026-01-31`, midnight UTC), an ISO date-time with a zone
 * (`2026-01-31T09:00:00Z`, `…+02:00`) or a duration from `now` (`12h`, `90d`, `2w`, `1y`),
 * as an ISO string. A date-time without a zone is refused: it would mean different moments
 * on different machines.
 */
export function parseFutureTime(text: string, flag: string, now: Date): string {
  const value = text.trim();
  const duration = DURATION.exec(value);
  let date: Date;
  if (duration) {
    date = addDuration(now, Number(duration[1]), duration[2]!.toLowerCase());
  } else if (DATE_ONLY.test(value)) {
    date = new Date(`${value}T00:00:00Z`);
  } else if (DATE_TIME.test(value)) {
    date = new Date(value);
  } else {
    throw CliError.usage(`${flag}: expected an ISO date (2026-01-31), a date-time with a zone (2026-01-31T09:00:00Z) or a duration (12h, 90d, 2w, 1y), got "${text}"`);
  }
  if (Number.isNaN(date.getTime()) || (!duration && !realCalendarTime(value))) throw CliError.usage(`${flag}: "${text}" is not a real date`);
  if (date.getTime() <= now.getTime()) throw CliError.usage(`${flag}: ${date.toISOString()} is not in the future`);
  return date.toISOString();
}

/** Date parses 2026-02-30 as March 2nd; this does not. */
function realCalendarTime(value: string): boolean {
  const [, y, m, d, hh = '0', mm = '0', ss = '0'] = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value) ?? [];
  const daysInMonth = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
  return Number(m) >= 1 && Number(m) <= 12 && Number(d) >= 1 && Number(d) <= daysInMonth && Number(hh) <= 23 && Number(mm) <= 59 && Number(ss) <= 59;
}

function addDuration(now: Date, amount: number, unit: string): Date {
  const date = new Date(now);
  if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + amount);
  else date.setTime(date.getTime() + amount * { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[unit as 'h' | 'd' | 'w']);
  return date;
}

/** `--rate` and `--burst` together: the API's token bucket `{perSecond, burst}`. */
export function parseRateLimit(rate: string | undefined, burst: string | undefined): { perSecond: number; burst: number } | undefined {
  if (rate === undefined && burst === undefined) return undefined;
  if (rate === undefined || burst === undefined) throw CliError.usage('--rate and --burst go together: requests per second and the burst size');
  const perSecond = Number(rate);
  if (rate.trim() === '' || !Number.isFinite(perSecond) || perSecond <= 0 || perSecond > 100_000) {
    throw CliError.usage(`--rate: expected requests per second, more than 0 and at most 100000, got "${rate}"`);
  }
  return { perSecond, burst: parseInteger(burst, '--burst', 1, 1_000_000) };
}

export function parseInteger(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value < min || value > max) throw CliError.usage(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

export function parseTenantId(text: string): string {
  if (!GUID.test(text.trim())) throw CliError.usage(`--entra-tenant: expected the Entra tenant id, a GUID, got "${text}"`);
  return text.trim().toLowerCase();
}

export type KeyScope = 'read-write' | 'read-only';

export function parseScope(text: string): KeyScope {
  if (text === 'read-write' || text === 'read-only') return text;
  throw CliError.usage(`--scope: expected read-write or read-only, got "${text}"`);
}
