/**
 * NCRONTAB, the six-field cron dialect of Azure Functions timer triggers:
 * `{second} {minute} {hour} {day} {month} {day-of-week}`. Each field takes `*`, numbers,
 * ranges `a-b`, lists `a,b`, and steps `*\/n`, `a-b/n`, `a/n`; months and days of the week
 * also take English names (`Jan`, `Mon`). Day-of-week 0 is Sunday. As in NCrontab, a time
 * must match every field: when both day and day-of-week are restricted, both must hold.
 */
export interface CronSchedule {
  readonly source: string;
  readonly fields: readonly ReadonlySet<number>[];
}

export interface CronOptions {
  /** Read the fields in UTC (Azure's default) instead of the machine's time zone (Core Tools' default). */
  utc?: boolean;
}

const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

type FieldSpec = (typeof FIELDS)[number];

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new Error(`Invalid NCRONTAB expression "${expression}": expected 6 fields (second minute hour day month day-of-week), got ${parts.length}.`);
  }
  const fields = parts.map((part, i) => parseField(part, FIELDS[i], expression));
  return { source: expression, fields };
}

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText, ...extra] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (extra.length > 0 || !Number.isInteger(step) || step < 1) throw fieldError(spec, text, expression);
    const [from, to] = parseRange(range, spec, stepText !== undefined, text, expression);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseRange(range: string, spec: FieldSpec, stepped: boolean, text: string, expression: string): [number, number] {
  if (range === '*') return [spec.min, spec.max];
  const [fromText, toText, ...extra] = range.split('-');
  const from = parseValue(fromText, spec);
  const to = toText === undefined ? (stepped ? spec.max : from) : parseValue(toText, spec);
  if (extra.length > 0 || from === undefined || to === undefined || from > to) throw fieldError(spec, text, expression);
  return [from, to];
}

function parseValue(text: string, spec: FieldSpec): number | undefined {
  const byName = 'names' in spec ? (spec.names as readonly string[]).indexOf(text.toLowerCase()) : -1;
  const value = byName >= 0 ? byName + spec.min : /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= spec.min && value <= spec.max ? value : undefined;
}

function fieldError(spec: FieldSpec, text: string, expression: string): Error {
  return new Error(`Invalid NCRONTAB expression "${expression}": ${spec.name} field "${text}" (allowed ${spec.min}-${spec.max}).`);
}

/** The search gives up after this many years: `0 0 0 30 2 *` (30 February) never occurs. */
const SEARCH_YEARS = 8;

/** The first time strictly after `after` (at whole-second precision) that the schedule matches. */
export function nextOccurrence(expression: string | CronSchedule, after: Date, options: CronOptions = {}): Date {
  const schedule = typeof expression === 'string' ? parseCron(expression) : expression;
  const clock = options.utc ? utcClock : localClock;
  const [seconds, minutes, hours, days, months, weekdays] = schedule.fields;
  const limit = after.getTime() + SEARCH_YEARS * 366 * 86_400_000;
  let t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  while (t.getTime() <= limit) {
    const f = clock.read(t);
    let next: Date;
    if (!months.has(f.month)) next = clock.make(f.year, f.month + 1, 1, 0, 0, 0);
    else if (!days.has(f.day) || !weekdays.has(f.weekday)) next = clock.make(f.year, f.month, f.day + 1, 0, 0, 0);
    else if (!hours.has(f.hour)) next = clock.make(f.year, f.month, f.day, f.hour + 1, 0, 0);
    else if (!minutes.has(f.minute)) next = new Date(t.getTime() + (60 - f.second) * 1000);
    else if (!seconds.has(f.second)) next = new Date(t.getTime() + 1000);
    else return t;
    // Local clocks can fold at a DST change; never step backwards.
    t = next > t ? next : new Date(t.getTime() + 1000);
  }
  throw new Error(`NCRONTAB expression "${schedule.source}" has no occurrence within ${SEARCH_YEARS} years.`);
}

interface Fields {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

interface Clock {
  read(t: Date): Fields;
  /** Month is 1-12; out-of-range parts roll over, as `Date` does. */
  make(year: number, month: number, day: number, hour: number, minute: number, second: number): Date;
}

const utcClock: Clock = {
  read: (t) => ({
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    weekday: t.getUTCDay(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
  }),
  make: (y, mo, d, h, mi, s) => new Date(Date.UTC(y, mo - 1, d, h, mi, s)),
};

const localClock: Clock = {
  read: (t) => ({
    year: t.getFullYear(),
    month: t.getMonth() + 1,
    day: t.getDate(),
    weekday: t.getDay(),
    hour: t.getHours(),
    minute: t.getMinutes(),
    second: t.getSeconds(),
  }),
  make: (y, mo, d, h, mi, s) => new Date(y, mo - 1, d, h, mi, s),
};

/**
 * Resolves `%NAME%` references from the environment, as the host does for binding
 * expressions (`schedule: '%RECONCILE_SCHEDULE%'`).
 */
export function resolveAppSettings(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/%([^%\s]+)%/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`App setting "${name}" (referenced as %${name}%) is not set.`);
    return value;
  });
}
