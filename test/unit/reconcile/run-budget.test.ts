import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config';
import { PAGE_ROWS, RunBudget } from '../../../shared/reconcile/run-budget';

describe('RunBudget', () => {
  it('sizes pages so that a run stops after exactly its row budget', () => {
    const budget = new RunBudget({ deadline: Infinity, maxRows: 2 * PAGE_ROWS + 7 });
    const pages: number[] = [];
    while (!budget.exhausted()) {
      pages.push(budget.pageSize());
      budget.spend(pages.at(-1)!);
    }
    expect(pages).toEqual([PAGE_ROWS, PAGE_ROWS, 7]);
  });

  it('counts short pages (the end of a directory) against the budget as read', () => {
    const budget = new RunBudget({ deadline: Infinity, maxRows: 10 });
    budget.spend(3);
    expect(budget.pageSize()).toBe(7);
    expect(budget.exhausted()).toBe(false);
  });

  it('without a row budget, reads full pages until the deadline', () => {
    let now = 1_000;
    const budget = new RunBudget({ deadline: 2_000 }, () => now);
    budget.spend(1_000_000);
    expect(budget.pageSize()).toBe(PAGE_ROWS);
    expect(budget.exhausted()).toBe(false);
    now = 2_001;
    expect(budget.exhausted()).toBe(true);
  });
});

describe('ROSTER_RECONCILE_MAX_ROWS', () => {
  const required = { ROSTER_STORAGE_CONNECTION: 'UseDevelopmentStorage=true', ROSTER_SIGNING_KEYS: '{"keys":[]}' };

  it('is unset by default: only the time budget bounds a run', () => {
    expect(loadConfig(required).reconcile.maxRows).toBeUndefined();
  });

  it('is read as a whole number of rows', () => {
    expect(loadConfig({ ...required, ROSTER_RECONCILE_MAX_ROWS: '5000' }).reconcile.maxRows).toBe(5000);
  });

  it.each(['0', '-1', '2.5', 'many'])('refuses %j, naming the setting', (value) => {
    expect(() => loadConfig({ ...required, ROSTER_RECONCILE_MAX_ROWS: value })).toThrow(/ROSTER_RECONCILE_MAX_ROWS/);
  });
});
