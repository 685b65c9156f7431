import type { ResourceTypeName, StoredResource } from '../repository';
import { queryKey, trustsEarlierPages, type Checkpoint, type ListContext, type ListQuery, type ListResult, type Matcher } from './list-query';
import { withMeta } from './resource-view';

/** Resources per storage page while counting every match (Azure returns at most 1000 rows). */
const COUNT_PAGE = 1000;
/** Bounds of the page size while resuming: enough to fill a window in one or two requests. */
const MIN_RESUME_PAGE = 100;
const MAX_RESUME_PAGE = 1000;
/** A checkpoint every this many matches while counting, so a jump skips at most this many. */
const CHECKPOINT_EVERY = 100;
/** Checkpoints kept per query: 10,000 cover a million matches (and any number of pages). */
const MAX_CHECKPOINTS = 10_000;

/** What a walk learned about an unsorted query: its match count, and where storage pages start. */
interface ScanState {
  total: number;
  /** Ascending by pos; each one a place a scan can resume at. */
  checkpoints: Checkpoint[];
}

/**
 * An unsorted window of a scanned query, in storage order. The first page of a walk (or any
 * page once the cache has forgotten the query) reads the whole partition once: it counts every
 * match for totalResults and notes checkpoints as it goes. A later page takes the
 * count from the cache (or the cursor) and resumes at the nearest checkpoint before its start,
 * so it reads O(page) rows whatever its startIndex.
 */
export async function scanWindow(ctx: ListContext, query: ListQuery, matches: Matcher): Promise<ListResult> {
  const key = `scan\u0000${query.baseUrl}\u0000${queryKey(ctx.rt.name, query.filter, query.sort)}`;
  const trusted = trustsEarlierPages(query);
  const state = trusted ? ctx.cache.get<ScanState>(ctx.repo.directoryId, key) : undefined;
  const total = state?.total ?? (trusted ? query.resume?.total : undefined);
  if (total === undefined) return countAll(ctx, query, matches, key);
  const start = startBefore(query.startIndex - 1, state?.checkpoints ?? [], query.resume);
  return resume(ctx, query, matches, { start, total, state });
}

/** One pass over every resource: the window, the count, and checkpoints every hundred matches and storage page. */
async function countAll(ctx: ListContext, query: ListQuery, matches: Matcher, key: string): Promise<ListResult> {
  const generation = ctx.cache.generation(ctx.repo.directoryId);
  const first = query.startIndex - 1;
  const window: StoredResource[] = [];
  const checkpoints: Checkpoint[] = [];
  let pos = 0;
  let after: string | undefined;
  do {
    const page = await ctx.repo.scanPage(ctx.rt.name as ResourceTypeName, COUNT_PAGE, after);
    for (const r of page.resources) {
      if (!(await matches(r, withMeta(ctx.rt, r, query.baseUrl)))) continue;
      if (pos >= first && window.length < query.count) window.push(r);
      pos++;
      if (pos % CHECKPOINT_EVERY === 0 && checkpoints.length < MAX_CHECKPOINTS) checkpoints.push({ pos, after: r.id });
    }
    after = page.next;
    if (after !== undefined) insertCheckpoint(checkpoints, { pos, after });
  } while (after !== undefined);
  const next = endOf(first, window, { pos: first });
  if (next.after !== undefined) insertCheckpoint(checkpoints, next);
  ctx.cache.put(ctx.repo.directoryId, key, generation, { total: pos, checkpoints } satisfies ScanState, checkpoints.length + 1);
  return { totalResults: pos, startIndex: query.startIndex, resources: window, next: { ...next, total: pos } };
}

interface Resumption {
  start: Checkpoint;
  total: number;
  state?: ScanState;
}

/** Reads from `start` until the window is full or storage ends; notes checkpoints on the way. */
async function resume(ctx: ListContext, query: ListQuery, matches: Matcher, { start, total, state }: Resumption): Promise<ListResult> {
  const first = query.startIndex - 1;
  const window: StoredResource[] = [];
  let pos = start.pos;
  let after = start.after;
  while (window.length < query.count) {
    const wanted = first - pos + query.count - window.length;
    const page = await ctx.repo.scanPage(ctx.rt.name as ResourceTypeName, clamp(wanted, MIN_RESUME_PAGE, MAX_RESUME_PAGE), after);
    for (const r of page.resources) {
      if (window.length >= query.count) break;
      if (!(await matches(r, withMeta(ctx.rt, r, query.baseUrl)))) continue;
      if (pos >= first) window.push(r);
      pos++;
    }
    if (page.next === undefined || window.length >= query.count) break;
    after = page.next;
    if (state) insertCheckpoint(state.checkpoints, { pos, after });
  }
  const next = endOf(first, window, start);
  if (state && next.after !== undefined) insertCheckpoint(state.checkpoints, next);
  return { totalResults: total, startIndex: query.startIndex, resources: window, next: { ...next, total } };
}

/** Where the next page starts: right after the last resource returned. */
function endOf(first: number, window: StoredResource[], start: Checkpoint): Checkpoint {
  const pos = first + window.length;
  if (window.length > 0) return { pos, after: window[window.length - 1]!.id };
  return start.pos === pos && start.after !== undefined ? { pos, after: start.after } : { pos };
}

/** The latest known place at or before `first` to scan from: a checkpoint, the cursor, or the start. */
function startBefore(first: number, checkpoints: readonly Checkpoint[], cursor: Checkpoint | undefined): Checkpoint {
  let best: Checkpoint = { pos: 0 };
  for (const c of checkpoints) {
    if (c.pos > first) break;
    if (c.after !== undefined && c.pos >= best.pos) best = c;
  }
  if (cursor?.after !== undefined && cursor.pos <= first && cursor.pos >= best.pos) best = { pos: cursor.pos, after: cursor.after };
  return best;
}

function insertCheckpoint(checkpoints: Checkpoint[], c: Checkpoint): void {
  if (checkpoints.length >= MAX_CHECKPOINTS) return;
  let i = checkpoints.length;
  while (i > 0 && checkpoints[i - 1]!.pos > c.pos) i--;
  const same = checkpoints[i - 1];
  if (same && same.pos === c.pos) return;
  checkpoints.splice(i, 0, { pos: c.pos, after: c.after });
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}
