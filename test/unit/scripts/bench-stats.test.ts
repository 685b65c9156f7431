import { describe, expect, it } from 'vitest';
import { mean, median, percentile, round, summarizeLatencies } from '../../../scripts/bench/stats';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [0.5, 1],
  ])('p%s of 1..100 is %s', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('is always one of the values, never an interpolation', () => {
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([10, 20], 51)).toBe(20);
    expect(percentile([7], 99)).toBe(7);
  });

  it('does not depend on the order of the values, and leaves them unsorted', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 60)).toBe(3);
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('p99 of 10 values is the largest: a small sample has no tail to cut', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 99)).toBe(1000);
  });

  it('is undefined for no values', () => {
    expect(percentile([], 50)).toBeUndefined();
  });

  it.each([0, -1, 101, NaN])('rejects p = %s', (p) => {
    expect(() => percentile([1], p)).toThrow(RangeError);
  });
});

describe('median and mean', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('averages', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeUndefined();
  });
});

describe('summarizeLatencies', () => {
  it('gives p50, p95, p99, mean and max rounded to 0.01 ms', () => {
    const ms = Array.from({ length: 200 }, (_, i) => (i + 1) / 3);
    expect(summarizeLatencies(ms)).toEqual({ p50: 33.33, p95: 63.33, p99: 66, mean: 33.5, max: 66.67 });
  });

  it('is undefined when nothing was measured', () => {
    expect(summarizeLatencies([])).toBeUndefined();
  });

  it('handles more values than a function call takes arguments', () => {
    const ms = new Array(300_000).fill(1);
    ms[12] = 9;
    expect(summarizeLatencies(ms)?.max).toBe(9);
  });
});

describe('round', () => {
  it('rounds to the given digits', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(1.235, 0)).toBe(1);
  });
});
