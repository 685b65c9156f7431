import { describe, expect, it } from 'vitest';
import { nextOccurrence, parseCron, resolveAppSettings } from '../../../scripts/local-host/ncrontab';

const utc = (iso: string) => new Date(iso);
const next = (expr: string, after: string) => nextOccurrence(expr, utc(after), { utc: true }).toISOString();

describe('nextOccurrence', () => {
  it.each([
    ['every second', '* * * * * *', '2024-03-10T10:00:00.000Z', '2024-03-10T10:00:01.000Z'],
    ['strictly after a whole second', '* * * * * *', '2024-03-10T10:00:00.400Z', '2024-03-10T10:00:01.000Z'],
    ['every five minutes', '0 */5 * * * *', '2024-03-10T10:03:20Z', '2024-03-10T10:05:00.000Z'],
    ['on the hour, rolling into the next day', '0 0 * * * *', '2024-03-10T23:30:00Z', '2024-03-11T00:00:00.000Z'],
    ['daily at 03:30', '0 30 3 * * *', '2024-03-10T03:30:00Z', '2024-03-11T03:30:00.000Z'],
    ['a list of seconds', '10,20,40 * * * * *', '2024-03-10T10:00:20Z', '2024-03-10T10:00:40.000Z'],
    ['a range of hours', '0 0 9-17 * * *', '2024-03-10T17:00:00Z', '2024-03-11T09:00:00.000Z'],
    ['a stepped range', '0 0 8-18/4 * * *', '2024-03-10T12:00:00Z', '2024-03-10T16:00:00.000Z'],
    ['weekdays only (2024-03-09 is a Saturday)', '0 0 9 * * 1-5', '2024-03-09T00:00:00Z', '2024-03-11T09:00:00.000Z'],
    ['day names', '0 0 9 * * Sun', '2024-03-09T00:00:00Z', '2024-03-10T09:00:00.000Z'],
    ['month names, rolling into the next year', '0 0 0 1 Jan *', '2024-03-09T00:00:00Z', '2025-01-01T00:00:00.000Z'],
    ['the 31st, skipping shorter months', '0 0 0 31 * *', '2024-04-01T00:00:00Z', '2024-05-31T00:00:00.000Z'],
    ['29 February in the next leap year', '0 0 0 29 2 *', '2024-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['day and day-of-week both holding (Friday the 13th)', '0 0 0 13 * 5', '2024-01-01T00:00:00Z', '2024-09-13T00:00:00.000Z'],
  ])('finds %s', (_name, expr, after, expected) => {
    expect(next(expr, after)).toBe(expected);
  });

  it('reads the fields in the machine time zone by default', () => {
    const after = new Date(2024, 5, 1, 12, 0, 0);
    expect(nextOccurrence('0 30 14 * * *', after)).toEqual(new Date(2024, 5, 1, 14, 30, 0));
  });

  it('gives up on a date that never occurs', () => {
    expect(() => next('0 0 0 30 2 *', '2024-01-01T00:00:00Z')).toThrow(/no occurrence/);
  });
});

describe('parseCron', () => {
  it.each([
    ['five fields', '0 */5 * * *'],
    ['a second out of range', '60 * * * * *'],
    ['a backwards range', '0 0 17-9 * * *'],
    ['a zero step', '*/0 * * * * *'],
    ['an unknown name', '0 0 0 * Foo *'],
    ['day-of-week 7', '0 0 0 * * 7'],
    ['garbage', '0 0 0 * * x-y-z'],
  ])('rejects %s', (_name, expr) => {
    expect(() => parseCron(expr)).toThrow(/Invalid NCRONTAB expression/);
  });

  it('expands steps from a start value to the end of the field', () => {
    expect([...parseCron('0 5/20 * * * *').fields[1]]).toEqual([5, 25, 45]);
  });
});

describe('resolveAppSettings', () => {
  it('replaces %NAME% with the setting, as the host does for schedules', () => {
    expect(resolveAppSettings('%SCHEDULE%', { SCHEDULE: '0 0 3 * * *' })).toBe('0 0 3 * * *');
  });

  it('names a missing setting', () => {
    expect(() => resolveAppSettings('%MISSING_SCHEDULE%', {})).toThrow(/MISSING_SCHEDULE/);
  });
});
