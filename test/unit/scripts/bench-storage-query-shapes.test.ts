import { odata } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { quietSchedule } from '../../../scripts/bench/quiet-schedule';
import { isPointQuery, looksNumeric, rowKeyRange } from '../../../scripts/bench/storage-query-shapes';
import { nextOccurrence, parseCron } from '../../../scripts/local-host/ncrontab';

describe('isPointQuery (the bench Azurite index)', () => {
  it('matches Azurite point lookups only', () => {
    expect(isPointQuery({ PartitionKey: 'p', RowKey: 'res:user:1:' })).toBe(true);
    expect(isPointQuery({ RowKey: 'r', PartitionKey: 'p' })).toBe(false);
    expect(isPointQuery({ PartitionKey: 'p', RowKey: 'r', extra: 1 })).toBe(false);
    expect(isPointQuery({ PartitionKey: 'p', RowKey: { $gt: 'a' } })).toBe(false);
    expect(isPointQuery({ account: 'a', table: { $regex: 'x' } })).toBe(false);
    expect(isPointQuery(null)).toBe(false);
  });
});

describe('rowKeyRange (the bench Azurite index)', () => {
  it('reads the bounds of the range filter Roster sends, quotes included', () => {
    const filter = odata`PartitionKey eq ${"dir'1"} and RowKey ge ${"res:user:o'neil:"} and RowKey lt ${'res:user:o;'}`;
    expect(rowKeyRange(filter)).toEqual({ from: "res:user:o'neil:", to: 'res:user:o;' });
  });

  it.each([
    [odata`PartitionKey eq ${'p'} and RowKey eq ${'x'}`],
    [odata`PartitionKey eq ${'p'} and RowKey ge ${'a'}`],
    [odata`PartitionKey eq ${'p'} and RowKey ge ${'a'} and RowKey lt ${'b'} and kind eq ${'r'}`],
    [odata`PartitionKey eq ${'p'} or RowKey ge ${'a'} and RowKey lt ${'b'}`],
    [odata`PartitionKey eq ${'p'} and RowKey ge ${'10'} and RowKey lt ${'20'}`],
    [undefined],
  ])('leaves %s to Azurite', (filter) => {
    expect(rowKeyRange(filter)).toBeUndefined();
  });

  it('treats what LokiJS would compare as numbers as numeric', () => {
    expect(['10', '1e3', ' 7 ', '', '0x1f'].every(looksNumeric)).toBe(true);
    expect(['res:user:1', 'gm:1', 'uix:user:userName:1'].some(looksNumeric)).toBe(false);
  });
});

describe('quietSchedule', () => {
  it('fires once a day, next about 24 hours after the bench starts', () => {
    const now = new Date(2026, 0, 2, 3, 4, 5);
    expect(quietSchedule(now)).toBe('5 3 3 * * *');
    const next = nextOccurrence(parseCron(quietSchedule(now)), now);
    expect(next.getTime() - now.getTime()).toBe(24 * 3600_000 - 60_000);
  });
});
