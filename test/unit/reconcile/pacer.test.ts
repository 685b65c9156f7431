import type { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { PacedPartition } from '../../../shared/reconcile/paced-partition';
import { Pacer } from '../../../shared/reconcile/pacer';
import { RunBudget } from '../../../shared/reconcile/run-budget';

/** A clock that only moves when the pacer sleeps, so spacing is exact and no test waits. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    sleeps,
  };
}

describe('Pacer', () => {
  it('lets the first request go at once and spaces the rest 1/perSecond apart', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(500, clock.now, clock.sleep);
    for (let i = 0; i < 5; i++) await pacer.take();
    expect(clock.sleeps).toEqual([2, 2, 2, 2]);
  });

  it('never starts more than perSecond requests in a second, however many wait at once', async () => {
    const now = 1_000_000;
    const starts: number[] = [];
    // Time stands still; each taker starts when its sleep would end.
    const pacer = new Pacer(100, () => now, async (ms) => void starts.push(now + ms));
    await Promise.all(Array.from({ length: 250 }, () => pacer.take()));
    const all = [now, ...starts].sort((a, b) => a - b);
    expect(all).toHaveLength(250);
    expect(all.filter((t) => t < now + 1000)).toHaveLength(100);
    expect(all.at(-1)).toBe(now + 249 * 10);
  });

  it('does not bank idle time: after a pause the next request goes at once, the one after is spaced again', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(10, clock.now, clock.sleep);
    await pacer.take();
    clock.advance(5_000);
    await pacer.take();
    await pacer.take();
    expect(clock.sleeps).toEqual([100]);
  });
});

describe('RunBudget.pace', () => {
  it('does not wait without a read rate', async () => {
    const budget = new RunBudget({ deadline: Date.now() + 1000 });
    await expect(budget.pace()).resolves.toBeUndefined();
  });
});

describe('PacedPartition', () => {
  it('waits for the pace before every point read and every query page', async () => {
    const events: string[] = [];
    const table = {
      getEntity: async (_pk: string, rowKey: string) => {
        events.push(`read ${rowKey}`);
        return { partitionKey: 'd', rowKey };
      },
      listEntities: () => ({
        byPage: () =>
          (async function* () {
            for (const page of [[{ rowKey: 'a' }], [{ rowKey: 'b' }]]) {
              events.push(`page ${page[0]!.rowKey}`);
              yield page;
            }
          })(),
      }),
    } as unknown as TableClient;
    const part = new PacedPartition(table, 'd', async () => void events.push('pace'));
    await part.read('x');
    for await (const _page of part.range({ from: 'a', to: 'z' })) events.push('used');
    expect(events).toEqual(['pace', 'read x', 'pace', 'page a', 'used', 'pace', 'page b', 'used', 'pace']);
  });
});
