import { describe, expect, it } from 'vitest';
import { decodeProgress, encodeProgress, type DirectoryProgress } from '../../../shared/reconcile/checkpoint';
import { uniqueIndexRow, userGroupRow } from '../../../shared/store/row-keys';

const pass: DirectoryProgress = {
  reportId: '2025-01-01T00:00:00.000Z-0a1b2c3d',
  started: '2025-01-01T00:00:00.000Z',
  after: userGroupRow('u#EXT#1', 'g 1'),
  phase: 'memberships',
  runs: 3,
  durationMs: 1234,
  tally: {
    checked: { users: 10, memberships: 4 },
    repaired: { orphanIndex: 1 },
    purged: { journal: 2 },
    conflicts: [uniqueIndexRow('User', 'userName', 'dup@contoso.example')],
    lastSeen: '2025-01-01T00:00:00.000Z',
    windows: [{ window: '2025-01-01T00:00:00.000Z', requests: 5, errors: 1 }],
  },
};

describe('encodeProgress / decodeProgress', () => {
  it('round-trips a pass through plain table properties', () => {
    const row = encodeProgress(pass);
    expect(Object.values(row).every((v) => typeof v === 'string' || typeof v === 'number')).toBe(true);
    expect(row).toMatchObject({ after: pass.after, phase: 'memberships', runs: 3 });
    expect(decodeProgress(row)).toEqual(pass);
  });

  it.each<[string, Record<string, string | number>]>([
    ['another version', { ...encodeProgress(pass), v: 2 }],
    ['no continuation', (({ after: _, ...rest }) => rest)(encodeProgress(pass))],
    ['runs as text', { ...encodeProgress(pass), runs: '3' }],
    ['a tally that is not JSON', { ...encodeProgress(pass), tally: '{' }],
    ['a tally without counts', { ...encodeProgress(pass), tally: JSON.stringify({ checked: {}, repaired: [], purged: {}, conflicts: [], windows: [] }) }],
    ['a tally that is null', { ...encodeProgress(pass), tally: 'null' }],
  ])('starts the directory over when the stored pass has %s', (_, row) => {
    expect(decodeProgress(row)).toBeUndefined();
  });
});
