import type { BenchState, SeededUser } from './bench-state';
import { runBounded } from './bounded';
import { entraGroup, entraUser, memberAdd, userNames } from './payloads';
import type { ScimClient } from './scim-client';

export interface SeedOptions {
  size: number;
  groups: number;
  concurrency: number;
  log: (line: string) => void;
}

export interface SeedReport {
  users: number;
  groups: number;
  members: number;
  seconds: number;
}

/** Members per seeding PATCH of the large group. */
const SEED_MEMBER_BATCH = 100;
/** Members of each small group. */
const SMALL_GROUP_MEMBERS = 10;
/** Progress lines at most this often. */
const PROGRESS_EVERY_MS = 3_000;

/**
 * Grows the directory to `size` users through the SCIM API with bounded concurrency: new users
 * (Entra-shaped, each managed by an earlier user), the groups on the first call, and the large
 * group's members up to half the users. Fails on the first request that is not answered as expected.
 */
export async function growDirectory(client: ScimClient, state: BenchState, options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const users = await seedUsers(client, state, options);
  const groups = state.groups.length === 0 ? await seedGroups(client, state, options) : 0;
  const members = await growLargeGroup(client, state, Math.floor(options.size / 2), options);
  return { users, groups, members, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

async function seedUsers(client: ScimClient, state: BenchState, options: SeedOptions): Promise<number> {
  const from = state.users.length;
  const count = options.size - from;
  if (count <= 0) return 0;
  const made: SeededUser[] = new Array(count);
  const create = async (i: number) => {
    const managerIndex = i === 0 ? undefined : Math.floor((i - 1) / 10);
    const manager = managerIndex === undefined ? undefined : (state.users[managerIndex] ?? made[managerIndex - from] ?? state.users[0])?.id;
    const created = await client.json<{ id: string }>('POST', '/Users', entraUser(state.tag, i, manager), 201);
    const names = userNames(state.tag, i);
    made[i - from] = { id: created.id, userName: names.userName, externalId: names.externalId };
  };
  // The first user of the directory is everyone's manager's manager: created alone, first.
  const first = from === 0 ? 1 : 0;
  if (first) await create(0);
  const progress = progressLog(options.log, `seeding users ${(from + first).toLocaleString('en-US')} -> ${options.size.toLocaleString('en-US')}`, count - first);
  await bounded(count - first, options.concurrency, async (k) => {
    await create(from + first + k);
    progress(1);
  });
  state.users.push(...made);
  return count;
}

async function seedGroups(client: ScimClient, state: BenchState, options: SeedOptions): Promise<number> {
  const groupIds: string[] = new Array(options.groups);
  await bounded(options.groups, options.concurrency, async (i) => {
    groupIds[i] = (await client.json<{ id: string }>('POST', '/Groups', entraGroup(state.tag, i), 201)).id;
  });
  state.groups.push(...groupIds);
  // Small groups: a few members each, spread over the directory.
  await bounded(options.groups - 1, options.concurrency, async (k) => {
    const ids = Array.from({ length: Math.min(SMALL_GROUP_MEMBERS, state.users.length) }, (_, j) => state.users[(k * 37 + j * 101) % state.users.length]!.id);
    await client.json('PATCH', `/Groups/${groupIds[k + 1]}`, memberAdd([...new Set(ids)]), 204);
  });
  return options.groups;
}

/** Adds users[largeGroupMembers .. target) to the large group. */
async function growLargeGroup(client: ScimClient, state: BenchState, target: number, options: SeedOptions): Promise<number> {
  const from = state.largeGroupMembers;
  if (target <= from) return 0;
  const ids = state.users.slice(from, target).map((u) => u.id);
  const requests = Math.ceil(ids.length / SEED_MEMBER_BATCH);
  const progress = progressLog(options.log, `seeding large group members ${from.toLocaleString('en-US')} -> ${target.toLocaleString('en-US')}`, ids.length);
  await bounded(requests, options.concurrency, async (i) => {
    const batch = ids.slice(i * SEED_MEMBER_BATCH, (i + 1) * SEED_MEMBER_BATCH);
    await client.json('PATCH', `/Groups/${state.groups[0]}`, memberAdd(batch), 204);
    progress(batch.length);
  });
  state.largeGroupMembers = target;
  return ids.length;
}

/** Deletes every group and user the bench made (--cleanup). */
export async function deleteSeeded(client: ScimClient, state: BenchState, concurrency: number, log: (line: string) => void): Promise<void> {
  const ids = [...state.groups.map((id) => `/Groups/${id}`), ...[...state.created, ...state.users.map((u) => u.id)].map((id) => `/Users/${id}`)];
  const progress = progressLog(log, 'deleting users and groups', ids.length);
  await bounded(ids.length, concurrency, async (i) => {
    const answer = await client.send('DELETE', ids[i]!);
    if (answer.status !== 204 && answer.status !== 404) throw new Error(`DELETE ${ids[i]}: ${answer.status} ${answer.text.slice(0, 200)}`);
    progress(1);
  });
}

/** Seeding is bounded by its count, and by time: ~20 requests/s at the very least, plus a minute. */
async function bounded(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  if (count <= 0) return;
  const seconds = 60 + count / 20;
  const run = await runBounded({ count, concurrency, deadline: Date.now() + seconds * 1000 }, task);
  if (run.stoppedBy === 'time') throw new Error(`seeding stopped after ${Math.round(seconds)} s with ${run.done} of ${count} requests made`);
}

function progressLog(log: (line: string) => void, what: string, total: number): (n: number) => void {
  const started = Date.now();
  let done = 0;
  let lastAt = started;
  return (n) => {
    done += n;
    const now = Date.now();
    if (now - lastAt < PROGRESS_EVERY_MS && done < total) return;
    lastAt = now;
    const rate = done / Math.max(0.001, (now - started) / 1000);
    log(`  ${what}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round(rate)}/s)`);
  };
}
