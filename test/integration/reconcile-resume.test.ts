import { odata } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProgress, type DirectoryProgress } from '../../shared/reconcile/checkpoint';
import { runReconciliation, type RunResult } from '../../shared/reconcile/run-reconciliation';
import { decodeDoc } from '../../shared/store/doc-codec';
import { resourceEntity } from '../../shared/store/resource-rows';
import { groupMemberRow, groupMembersRange, multiIndexRow, resourceRow, uniqueIndexRow, userGroupRow } from '../../shared/store/row-keys';
import { TablePartition } from '../../shared/store/table-partition';
import { TableResourceRepository } from '../../shared/store/table-resource-repository';
import { startHarness, type Harness } from '../support/harness';

/** Rows per run: small and prime, so slices cut through every kind of row. */
const ROWS_PER_RUN = 37;
const DAY = 86_400_000;
const PURGES = new Set(['journal', 'keys', 'requestStats']);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

interface LogLine {
  event: string;
  directoryId: string;
  [field: string]: any;
}
const lines: LogLine[] = [];

/** One run as the timer makes it (or, with `only`, as POST /manage/reconcile?directory= does), bounded by rows. */
function run(opts: { maxRows?: number; only?: string } = {}): Promise<RunResult> {
  const reconcile = { ...h.services.config.reconcile, deactivatedRetentionDays: 30, maxRows: opts.maxRows };
  const deps = { table: h.services.table, directories: h.services.directories, config: { reconcile } };
  return runReconciliation(deps, (line) => lines.push(JSON.parse(line) as LogLine), opts.only);
}

async function progress(directory: string): Promise<DirectoryProgress | undefined> {
  const saved = await h.services.directories.getReconcileProgress(directory);
  return saved && decodeProgress(saved.row);
}

async function rows(directory: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for await (const e of h.services.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${directory}` } })) out.set(e.rowKey!, e);
  return out;
}

/**
 * Every membership half has its twin and both ends; every index row is one its resource wants;
 * every resource has the index rows it wants (but `conflicts`, held by another resource).
 */
async function expectConsistent(directory: string, conflicts: string[] = []): Promise<void> {
  const all = await rows(directory);
  const wanted = new Map<string, string>();
  for (const [rowKey, row] of all) {
    if (row.kind === 'gm' || row.kind === 'ug') {
      const [g, u] = [String(row.groupId), String(row.userId)];
      expect(all.has(groupMemberRow(g, u)) && all.has(userGroupRow(u, g)), `${rowKey}: both halves`).toBe(true);
      expect(all.has(resourceRow('User', u)) && all.has(resourceRow('Group', g)), `${rowKey}: both ends`).toBe(true);
    }
    if (row.kind === 'res') {
      const user = rowKey.startsWith('res:user:');
      const doc = decodeDoc(row) as Record<string, string>;
      const name = user ? doc.userName : doc.displayName;
      if (name) wanted.set(uniqueIndexRow(user ? 'User' : 'Group', user ? 'userName' : 'displayName', name), String(row.id));
      if (doc.externalId) wanted.set(multiIndexRow(user ? 'User' : 'Group', 'externalId', doc.externalId, String(row.id)), String(row.id));
    }
  }
  for (const [rowKey, row] of all) if (row.kind === 'ix') expect(wanted.has(rowKey), `${rowKey}: wanted by a resource`).toBe(true);
  for (const [rowKey, id] of wanted) {
    if (!conflicts.includes(rowKey)) expect(all.get(rowKey)?.id, `${rowKey} -> ${id}`).toBe(id);
  }
}

/** Runs bounded by ROWS_PER_RUN until the directory's pass is done; asserts the checkpoint after each. */
async function resumeUntilDone(directory: string, opts: { only?: boolean; between?: (run: number, at: DirectoryProgress) => Promise<void> } = {}) {
  const afters: string[] = [];
  const runCheckpoint = await h.services.directories.getCheckpoint();
  for (let runs = 1; ; runs++) {
    expect(runs, 'runs before the pass finished').toBeLessThan(60);
    const result = await run({ maxRows: ROWS_PER_RUN, only: opts.only ? directory : undefined });
    const report = result.reports.find((r) => r.directoryId === directory);
    const at = await progress(directory);
    if (report) {
      expect(at, 'the checkpoint is removed with the report').toBeUndefined();
      return { report, afters, result };
    }
    expect(result.checkpoint).toBe(directory);
    expect(await h.services.directories.getCheckpoint()).toBe(opts.only ? runCheckpoint : directory);
    expect(at).toBeDefined();
    expect(result.progress).toEqual({ directoryId: directory, phase: at!.phase, after: at!.after, runs });
    if (afters.length > 0) expect(at!.after > afters.at(-1)!, `run ${runs} moved the checkpoint forward`).toBe(true);
    afters.push(at!.after);
    await opts.between?.(runs, at!);
  }
}

const userIds = Array.from({ length: 60 }, (_, i) => `u${String(i).padStart(2, '0')}`);
const userName = (i: number) => `user${i}@contoso.example`;

/**
 * `users` users (u00...) in 6 groups g0-g5, each user in two, through the repository, so ids
 * and key order are fixed: with 60 users, about 500 rows.
 */
async function seed(directory: string, users = 60): Promise<TableResourceRepository> {
  await h.newDirectory(directory);
  const repo = new TableResourceRepository(h.services.table, directory);
  const ids = userIds.slice(0, users);
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(ids.slice(i, i + 10).map((id, j) => repo.create('User', id, { userName: userName(i + j), externalId: `ext-${i + j}`, active: true })));
  }
  for (let k = 0; k < 6; k++) {
    const group = await repo.create('Group', `g${k}`, { displayName: `Group ${k}` });
    await repo.changeMembers(group, { add: ids.filter((_, i) => i % 6 === k || (i + 1) % 6 === k), remove: [] });
  }
  return repo;
}

describe('reconciliation of a directory too large for one run', () => {
  it('resumes slice by slice from its checkpoint, repairs every drift exactly once, and reports the sum', async () => {
    const dir = 'big';
    const repo = await seed(dir);
    const t = h.services.table;
    const part = new TablePartition(t, dir);
    const old = new Date(Date.now() - 100 * DAY).toISOString();
    const oldWindow = new Date(Date.now() - 10 * DAY).toISOString();
    /** Drift the pass must find where it lies, by row: the repair (or purge) it needs. */
    const drift = new Map<string, string>();
    /** Index rows resources lack: repaired from the resource's side. */
    let missingIndex = 0;

    // resources without some of their index rows (start, middle and end of the range)
    for (const i of [3, 30, 57]) await t.deleteEntity(dir, uniqueIndexRow('User', 'userName', userName(i)));
    for (const i of [11, 44]) await t.deleteEntity(dir, multiIndexRow('User', 'externalId', `ext-${i}`, userIds[i]!));
    await t.deleteEntity(dir, uniqueIndexRow('Group', 'displayName', 'Group 2'));
    missingIndex += 6;
    // index rows without their resource, or with a stale value
    for (const ghost of ['aaa', 'mmm', 'zzz']) {
      const rowKey = uniqueIndexRow('User', 'userName', `${ghost}-ghost@contoso.example`);
      await t.createEntity({ partitionKey: dir, rowKey, kind: 'ix', id: `ghost-${ghost}` });
      drift.set(rowKey, 'orphanIndex');
    }
    for (const i of [5, 50]) {
      const rowKey = multiIndexRow('User', 'externalId', `old-${i}`, userIds[i]!);
      await t.createEntity({ partitionKey: dir, rowKey, kind: 'ix', id: userIds[i] });
      drift.set(rowKey, 'orphanIndex');
    }
    // a unique index row pointing at a resource that does not claim it: replaced by the right one
    const misdirected = uniqueIndexRow('User', 'userName', userName(20));
    await t.updateEntity({ partitionKey: dir, rowKey: misdirected, id: 'u21' }, 'Merge');
    drift.set(misdirected, 'orphanIndex');
    missingIndex++;
    // one-sided memberships, either half missing
    for (const [g, u] of [['g0', 'u00'], ['g3', 'u27'], ['g5', 'u59']] as const) {
      await t.deleteEntity(dir, userGroupRow(u, g));
      drift.set(groupMemberRow(g, u), 'oneSidedMembership');
    }
    for (const [g, u] of [['g1', 'u07'], ['g4', 'u40']] as const) {
      await t.deleteEntity(dir, groupMemberRow(g, u));
      drift.set(userGroupRow(u, g), 'oneSidedMembership');
    }
    // memberships of users and groups that do not exist
    for (const [g, u] of [['g0', 'u999'], ['g5', 'ux']] as const) {
      await t.createEntity({ partitionKey: dir, rowKey: groupMemberRow(g, u), kind: 'gm', groupId: g, userId: u });
      drift.set(groupMemberRow(g, u), 'membershipOfDeleted');
    }
    for (const u of ['u15', 'u45']) {
      await t.createEntity({ partitionKey: dir, rowKey: userGroupRow(u, 'g-gone'), kind: 'ug', groupId: 'g-gone', userId: u });
      drift.set(userGroupRow(u, 'g-gone'), 'membershipOfDeleted');
    }
    // a user row gone with everything else of it left behind
    await t.deleteEntity(dir, resourceRow('User', 'u33'));
    drift.set(uniqueIndexRow('User', 'userName', userName(33)), 'orphanIndex');
    drift.set(multiIndexRow('User', 'externalId', 'ext-33', 'u33'), 'orphanIndex');
    for (const g of ['g3', 'g4']) {
      drift.set(groupMemberRow(g, 'u33'), 'membershipOfDeleted');
      drift.set(userGroupRow('u33', g), 'membershipOfDeleted');
    }
    // two users claiming one userName: reported, never repaired
    const twin = await repo.create('User', 'u60', { userName: 'twin@contoso.example' });
    await t.upsertEntity(resourceEntity(part, 'User', 'u60', { userName: userName(10) }, twin.created, twin.lastModified, twin.version), 'Replace');
    await t.deleteEntity(dir, uniqueIndexRow('User', 'userName', 'twin@contoso.example'));
    // retention: old journal rows, an expired key, old request counts, a user deactivated 60 days ago
    for (let j = 0; j < 3; j++) {
      const rowKey = `jr:${old}-00000000000${j}`;
      await t.createEntity({ partitionKey: dir, rowKey, kind: 'jr', time: old, op: 'create', resourceType: 'User', resourceId: 'x', keyId: 'k', requestId: 'r' });
      drift.set(rowKey, 'journal');
    }
    await t.createEntity({ partitionKey: dir, rowKey: 'key:expired', keyId: 'expired', name: 'old', scope: 'read-write', created: old, expires: old });
    drift.set('key:expired', 'keys');
    await t.createEntity({ partitionKey: dir, rowKey: `hc:${oldWindow}:a`, kind: 'hc', window: oldWindow, requests: 5, errors: 1 });
    drift.set(`hc:${oldWindow}:a`, 'requestStats');
    const leaving = (await repo.get('User', 'u25'))!;
    const longAgo = new Date(Date.now() - 60 * DAY).toISOString();
    await t.upsertEntity(resourceEntity(part, 'User', 'u25', { ...leaving.doc, active: false }, leaving.created, longAgo, leaving.version), 'Replace');

    // Drift right at slice boundaries, made without adding or removing rows before the resource
    // rows, so the boundaries there are known: the last row of a slice and the first of the next.
    const listing = [...(await rows(dir)).keys()];
    const firstResource = listing.findIndex((k) => k.startsWith('res:'));
    const atBoundaries: string[] = [];
    /** Drifted index rows whose key the right row takes again: row -> the id it must point at. */
    const rewritten = new Map([[misdirected, 'u20']]);
    for (let b = ROWS_PER_RUN; b < firstResource; b += ROWS_PER_RUN) {
      for (const rowKey of [listing[b - 1]!, listing[b]!]) {
        if (drift.has(rowKey) || /u(25|33)$/.test(rowKey)) continue;
        const row = (await part.read(rowKey))!;
        if (row.kind === 'gm') {
          await t.deleteEntity(dir, userGroupRow(String(row.userId), String(row.groupId))); // the twin, among the resource rows
          drift.set(rowKey, 'oneSidedMembership');
        } else if (row.kind === 'jr') {
          await t.updateEntity({ partitionKey: dir, rowKey, time: old }, 'Merge');
          drift.set(rowKey, 'journal');
        } else if (rowKey.startsWith('key:')) {
          await t.updateEntity({ partitionKey: dir, rowKey, expires: old }, 'Merge');
          drift.set(rowKey, 'keys');
        } else if (rowKey.startsWith('mix:')) {
          await t.updateEntity({ partitionKey: dir, rowKey, id: 'ghost' }, 'Merge');
          drift.set(rowKey, 'orphanIndex');
          rewritten.set(rowKey, String(row.id));
          missingIndex++; // its user gets the right one back
        } else continue;
        atBoundaries.push(rowKey);
      }
    }
    expect(atBoundaries.length).toBeGreaterThanOrEqual(6);

    const { report, afters, result } = await resumeUntilDone(dir);

    // the checkpoint advanced by exactly one slice per run where no repair adds rows ahead of it
    for (let k = 1; k * ROWS_PER_RUN <= firstResource; k++) expect(afters[k - 1]).toBe(listing[k * ROWS_PER_RUN - 1]);
    expect(afters.length).toBeGreaterThanOrEqual(Math.floor(listing.length / ROWS_PER_RUN) - 1);

    // one log line per run: a slice line while the pass is open, then the report
    const logged = lines.filter((l) => l.directoryId === dir);
    expect(logged.map((l) => l.event)).toEqual([...afters.map(() => 'roster.reconcile.slice'), 'roster.reconcile']);
    expect(logged.slice(0, -1).map((l) => l.run)).toEqual(afters.map((_, i) => i + 1));
    expect(logged.slice(0, -1).every((l) => l.rows === ROWS_PER_RUN)).toBe(true);

    // each slice before the resource rows repaired exactly the drift that lies in it
    for (let k = 1; k * ROWS_PER_RUN <= firstResource; k++) {
      const inSlice = listing.slice((k - 1) * ROWS_PER_RUN, k * ROWS_PER_RUN).filter((rowKey) => drift.has(rowKey));
      const line = logged[k - 1]!;
      expect({ repaired: line.repaired, purged: line.purged }, `slice ${k}`).toEqual(tallyOf(inSlice.map((rowKey) => drift.get(rowKey)!)));
    }

    // the report is the sum over all slices, and each drift was repaired once
    const expected = tallyOf([...drift.values()]);
    expect(report.repaired).toEqual({ ...expected.repaired, missingIndex });
    expect(report.purged).toEqual({ journal: 0, keys: 0, requestStats: 0, ...expected.purged, users: 1 });
    const slices = [...logged.slice(0, -1), { ...logged.at(-1)!.slice }];
    expect(sum(slices.map((s) => s.repaired))).toEqual(report.repaired);
    expect(sum(slices.map((s) => s.purged))).toEqual({ ...expected.purged, users: 1 });
    expect(sum(slices.map((s) => s.checked))).toEqual(report.checked);
    expect(report.checked).toMatchObject({ users: 60, groups: 6 });
    expect(report.conflicts).toEqual([uniqueIndexRow('User', 'userName', userName(10))]);
    expect(report.flags).toContain('uniquenessConflicts');
    expect(report.runs).toBe(afters.length + 1);
    expect(logged.at(-1)).toMatchObject({ id: report.id, runs: report.runs, slice: { run: report.runs } });
    expect(await h.services.directories.listReports(dir, 5)).toEqual([report]);

    // the directory is whole again; the run went on past it
    await expectConsistent(dir, report.conflicts);
    const after = await rows(dir);
    for (const rowKey of drift.keys()) if (!rewritten.has(rowKey)) expect(after.has(rowKey), rowKey).toBe(false);
    for (const [rowKey, id] of rewritten) expect(after.get(rowKey)?.id, rowKey).toBe(id);
    expect(after.has(resourceRow('User', 'u25'))).toBe(false);
    expect(result.checkpoint === undefined || result.checkpoint > dir).toBe(true);

    // a following full run repairs nothing
    const again = (await run({ only: dir })).reports[0]!;
    expect(again.repaired).toEqual({});
    expect(again.purged).toEqual({ journal: 0, keys: 0, requestStats: 0, users: 0 });
    expect(again.runs).toBe(1);
    expect(again.conflicts).toEqual(report.conflicts);
  });

  it('never removes a write that lands between two runs of a pass', async () => {
    const dir = 'racing';
    const repo = await seed(dir, 30);
    const t = h.services.table;
    // some drift, so the pass has work in every slice
    await t.deleteEntity(dir, userGroupRow('u01', 'g1'));
    await t.deleteEntity(dir, uniqueIndexRow('User', 'userName', userName(20)));
    await t.createEntity({ partitionKey: dir, rowKey: uniqueIndexRow('User', 'userName', 'ghost@contoso.example'), kind: 'ix', id: 'ghost' });
    const raced: string[] = [];
    const { report } = await resumeUntilDone(dir, {
      only: true,
      between: async (run, at) => {
        if (run === 1) {
          // the cursor is among the group member rows, past g0's: g0's new member rows lie behind it, their twins ahead
          expect(at.after > groupMembersEnd('g0') && at.after.startsWith('gm:')).toBe(true);
          const g0 = (await repo.get('Group', 'g0'))!;
          await repo.changeMembers(g0, { add: ['u02', 'u03'], remove: ['u00'] });
          const g5 = (await repo.get('Group', 'g5'))!;
          await repo.changeMembers(g5, { add: ['u07'], remove: [] });
          raced.push(groupMemberRow('g0', 'u02'), userGroupRow('u02', 'g0'), groupMemberRow('g0', 'u03'), userGroupRow('u03', 'g0'), groupMemberRow('g5', 'u07'), userGroupRow('u07', 'g5'));
        }
        if (at.after.startsWith('res:user:') && !raced.includes(resourceRow('User', 'u70'))) {
          // the cursor is among the users: a new user with groups on both sides of it, and a rename
          const late = await repo.create('User', 'u70', { userName: 'late@contoso.example', externalId: 'ext-late' });
          for (const g of ['g0', 'g5']) await repo.changeMembers((await repo.get('Group', g))!, { add: [late.id], remove: [] });
          const first = (await repo.get('User', 'u00'))!;
          await repo.update('User', first, { ...first.doc, userName: 'renamed@contoso.example' });
          raced.push(resourceRow('User', 'u70'), uniqueIndexRow('User', 'userName', 'late@contoso.example'), multiIndexRow('User', 'externalId', 'ext-late', 'u70'));
          raced.push(groupMemberRow('g0', 'u70'), userGroupRow('u70', 'g0'), groupMemberRow('g5', 'u70'), userGroupRow('u70', 'g5'), uniqueIndexRow('User', 'userName', 'renamed@contoso.example'));
        }
      },
    });
    expect(raced).toContain(resourceRow('User', 'u70'));
    expect(report.repaired).toEqual({ oneSidedMembership: 1, missingIndex: 1, orphanIndex: 1 });
    const all = await rows(dir);
    for (const rowKey of raced) expect(all.has(rowKey), rowKey).toBe(true);
    expect(all.has(groupMemberRow('g0', 'u00'))).toBe(false);
    expect(all.has(uniqueIndexRow('User', 'userName', userName(0)))).toBe(false);
    await expectConsistent(dir);
    expect((await run({ only: dir })).reports[0]!.repaired).toEqual({});
  });

  it('lets a run of one directory resume its pass without moving the run checkpoint', async () => {
    const dir = 'wide';
    await seed(dir, 12);
    await h.services.directories.setCheckpoint('test');
    const first = await run({ maxRows: ROWS_PER_RUN, only: dir });
    expect(first).toMatchObject({ reports: [], checkpoint: dir, progress: { directoryId: dir, runs: 1 } });
    expect(await h.services.directories.getCheckpoint()).toBe('test');
    // the next run over every directory starts at the checkpoint and resumes the open pass when it gets there
    const full = await run();
    expect(full.reports.map((r) => r.directoryId)).toEqual(['test', dir]);
    expect(full.reports.find((r) => r.directoryId === dir)).toMatchObject({ runs: 2, repaired: {} });
    expect(await progress(dir)).toBeUndefined();
    expect(await h.services.directories.getCheckpoint()).toBeUndefined();
  });

  it('drops the open pass of a deleted directory, so a new directory of that id starts afresh', async () => {
    const dir = 'short-lived';
    await seed(dir, 12);
    await run({ maxRows: ROWS_PER_RUN, only: dir });
    expect(await progress(dir)).toBeDefined();
    await h.services.directories.deleteDirectory((await h.services.directories.getDirectory(dir))!);
    expect(await progress(dir)).toBeUndefined();
  });
});

/** The last possible member row of a group: every member row of it sorts at or before this. */
function groupMembersEnd(groupId: string): string {
  return groupMembersRange(groupId).to;
}

/** Expected repaired and purged counts for a list of drift reasons. */
function tallyOf(reasons: string[]): { repaired: Record<string, number>; purged: Record<string, number> } {
  const out = { repaired: {} as Record<string, number>, purged: {} as Record<string, number> };
  for (const reason of reasons) {
    const into = PURGES.has(reason) ? out.purged : out.repaired;
    into[reason] = (into[reason] ?? 0) + 1;
  }
  return out;
}

function sum(records: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, n] of Object.entries(r)) if (n !== 0) out[k] = (out[k] ?? 0) + n;
  return out;
}
