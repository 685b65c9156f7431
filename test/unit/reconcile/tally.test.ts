import { describe, expect, it } from 'vitest';
import { addTallies, addWindows, count, emptyTally, MAX_LISTED_CONFLICTS, REPORTED_WINDOWS, type Tally } from '../../../shared/reconcile/tally';

function tally(parts: Partial<Tally>): Tally {
  return { ...emptyTally(), ...parts };
}

const hour = (h: number) => `2025-01-01T${String(h).padStart(2, '0')}:00:00.000Z`;

describe('addTallies', () => {
  it('sums counters of every kind, keeping keys seen on either side', () => {
    const sum = addTallies(
      tally({ checked: { users: 3, memberships: 2 }, repaired: { orphanIndex: 1 }, purged: { journal: 4 } }),
      tally({ checked: { users: 2, keys: 1 }, repaired: { missingIndex: 2 }, purged: { journal: 1, users: 1 } }),
    );
    expect(sum).toMatchObject({
      checked: { users: 5, memberships: 2, keys: 1 },
      repaired: { orphanIndex: 1, missingIndex: 2 },
      purged: { journal: 5, users: 1 },
    });
  });

  it('is the identity with an empty tally, and adds no zero counters', () => {
    const t = tally({ checked: { users: 1 }, lastSeen: hour(1) });
    expect(addTallies(emptyTally(), t)).toEqual(t);
    expect(addTallies(t, emptyTally())).toEqual(t);
    expect(addTallies(emptyTally(), emptyTally())).toEqual(emptyTally());
  });

  it('keeps the latest lastSeen', () => {
    expect(addTallies(tally({ lastSeen: hour(2) }), tally({ lastSeen: hour(1) })).lastSeen).toBe(hour(2));
    expect(addTallies(tally({ lastSeen: hour(1) }), tally({ lastSeen: hour(2) })).lastSeen).toBe(hour(2));
    expect(addTallies(tally({}), tally({ lastSeen: hour(1) })).lastSeen).toBe(hour(1));
    expect('lastSeen' in addTallies(tally({}), tally({}))).toBe(false);
  });

  it('lists each conflict once, and at most MAX_LISTED_CONFLICTS', () => {
    expect(addTallies(tally({ conflicts: ['uix:a', 'uix:b'] }), tally({ conflicts: ['uix:b', 'uix:c'] })).conflicts).toEqual(['uix:a', 'uix:b', 'uix:c']);
    const many = Array.from({ length: 50 }, (_, i) => `uix:${i}`);
    expect(addTallies(tally({ conflicts: many }), tally({ conflicts: ['uix:last'] })).conflicts).toEqual(many.slice(0, MAX_LISTED_CONFLICTS));
  });
});

describe('addWindows', () => {
  it('sums one window whose rows fell on both sides of a slice boundary', () => {
    const a = [{ window: hour(1), requests: 10, errors: 1 }];
    const b = [
      { window: hour(1), requests: 5, errors: 2 },
      { window: hour(2), requests: 1, errors: 0 },
    ];
    expect(addWindows(a, b)).toEqual([
      { window: hour(1), requests: 15, errors: 3 },
      { window: hour(2), requests: 1, errors: 0 },
    ]);
  });

  it('keeps the latest REPORTED_WINDOWS windows, oldest first, whatever order they arrive in', () => {
    const windows = Array.from({ length: 10 }, (_, i) => ({ window: hour(9 - i), requests: i, errors: 0 }));
    const kept = windows.reduce((acc, w) => addWindows(acc, [w]), [] as typeof windows);
    expect(kept.map((w) => w.window)).toEqual([4, 5, 6, 7, 8, 9].map(hour));
    expect(kept).toHaveLength(REPORTED_WINDOWS);
  });
});

describe('count', () => {
  it('adds to a counter and leaves a zero out', () => {
    const into: Record<string, number> = {};
    count(into, 'journal', 0);
    count(into, 'users');
    count(into, 'users', 2);
    expect(into).toEqual({ users: 3 });
  });
});
