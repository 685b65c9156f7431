import { randomUUID } from 'node:crypto';
import type { BenchOptions } from './args';
import { spread, type BenchState } from './bench-state';
import { entraUser, entraUserPatch, eqFilter, memberAdd, memberRemove } from './payloads';
import type { PhaseName } from './result-types';
import type { PhaseRequest, PhaseSpec } from './run-phase';
import type { ScimAnswer } from './scim-client';

/** Created users are numbered from here, past any seeded user. */
const CREATED_BASE = 10_000_000;

type Limits = Pick<BenchOptions, 'requests' | 'seconds' | 'memberBatch' | 'memberBatches' | 'pageSize' | 'walkSeconds'>;

/** The phases of one Entra provisioning cycle, in order, over the directory as `state` describes it. */
export function phases(state: BenchState, limits: Limits): PhaseSpec[] {
  const size = state.users.length;
  const user = (i: number) => state.users[spread(i, size)]!;
  const large = state.groups[0]!;
  const batches = memberBatches(state, limits);
  const load = (name: PhaseName, request: (i: number) => PhaseRequest | undefined, count = limits.requests): PhaseSpec => ({
    name,
    count,
    seconds: limits.seconds,
    request,
  });
  const phasesList: PhaseSpec[] = [
    load('testConnection', () => ({
      method: 'GET',
      path: `/Users?filter=${eqFilter('userName', randomUUID())}`,
      expect: 200,
      check: totalIs(0),
    })),
    load('filterUserName', (i) => ({ method: 'GET', path: `/Users?filter=${eqFilter('userName', user(i).userName)}`, expect: 200, check: totalIs(1) })),
    load('filterExternalId', (i) => ({ method: 'GET', path: `/Users?filter=${eqFilter('externalId', user(i).externalId)}`, expect: 200, check: totalIs(1) })),
    load('getUser', (i) => ({ method: 'GET', path: `/Users/${user(i).id}`, expect: 200 })),
    load('createUser', () => ({
      method: 'POST',
      path: '/Users',
      body: entraUser(state.tag, CREATED_BASE + state.counter++, state.users[0]!.id),
      expect: 201,
      check: (answer) => {
        const id = parse(answer)?.id;
        if (typeof id !== 'string') return 'no id in the created user';
        state.created.push(id);
        return undefined;
      },
    })),
    // Users in the large group (as most users Entra updates are in some group), each PATCHed once.
    load('patchUser', (i) => ({
      method: 'PATCH',
      path: `/Users/${state.users[i % Math.max(1, state.largeGroupMembers)]!.id}`,
      body: entraUserPatch(state.tag, state.counter++, user(i + 1).id),
      expect: 200,
    })),
    // One group's member PATCHes, one after another as Entra sends them.
    {
      ...load('memberAdd', (i) => ({ method: 'PATCH', path: `/Groups/${large}`, body: memberAdd(batches[i]!), expect: 204 }), batches.length),
      sequential: true,
      details: () => ({ groupMembers: state.largeGroupMembers, membersPerRequest: limits.memberBatch }),
    },
    {
      ...load('memberRemove', (i) => ({ method: 'PATCH', path: `/Groups/${large}`, body: memberRemove(batches[i]!), expect: 204 }), batches.length),
      sequential: true,
      details: () => ({ groupMembers: state.largeGroupMembers + batches.length * limits.memberBatch, membersPerRequest: limits.memberBatch }),
    },
    {
      ...load('getGroupNoMembers', () => ({
        method: 'GET',
        path: `/Groups/${large}?excludedAttributes=members`,
        expect: 200,
        check: (answer) => {
          const group = parse(answer);
          return !group?.id ? 'no group in the answer' : 'members' in group ? 'members present' : undefined;
        },
      })),
      details: () => ({ groupMembers: state.largeGroupMembers }),
    },
    pageWalk(size, limits),
    load('deleteUser', () => {
      const id = state.created.pop();
      return id === undefined ? undefined : { method: 'DELETE', path: `/Users/${id}`, expect: 204 };
    }),
  ];
  return phasesList;
}

/**
 * The member phases' batches: users right after the large group's members, which are in no
 * group. Bounded by --member-batches and by the users there are.
 */
export function memberBatches(state: BenchState, limits: Pick<Limits, 'memberBatch' | 'memberBatches'>): string[][] {
  const free = state.users.slice(state.largeGroupMembers).map((u) => u.id);
  const count = Math.min(limits.memberBatches, Math.floor(free.length / limits.memberBatch));
  return Array.from({ length: count }, (_, i) => free.slice(i * limits.memberBatch, (i + 1) * limits.memberBatch));
}

/**
 * GET /Users?startIndex=..&count=.. page after page until the directory is walked (or the time
 * bound). A page that carries `nextCursor` (RFC 9865) is followed by its cursor instead.
 */
function pageWalk(size: number, limits: Limits): PhaseSpec {
  const walk = { startIndex: 1, cursor: undefined as string | undefined, total: size, seen: 0, done: false, pages: 0 };
  const maxPages = Math.ceil((size + limits.requests) / limits.pageSize) + 2;
  return {
    name: 'pageWalk',
    count: maxPages,
    seconds: limits.walkSeconds,
    sequential: true,
    summary: 'mean',
    request: () => {
      if (walk.done) return undefined;
      const at = walk.cursor === undefined ? `startIndex=${walk.startIndex}` : `cursor=${encodeURIComponent(walk.cursor)}`;
      return {
        method: 'GET',
        path: `/Users?${at}&count=${limits.pageSize}`,
        expect: 200,
        check: (answer) => {
          const page = parse(answer);
          const resources = Array.isArray(page?.Resources) ? page.Resources.length : 0;
          walk.pages++;
          walk.seen += resources;
          walk.total = typeof page?.totalResults === 'number' ? page.totalResults : walk.total;
          walk.cursor = typeof page?.nextCursor === 'string' && page.nextCursor !== '' ? page.nextCursor : undefined;
          walk.startIndex += resources;
          walk.done = resources === 0 || (walk.cursor === undefined && walk.startIndex > walk.total);
          if (!page) return 'not a ListResponse';
          return walk.done && walk.seen !== walk.total ? `the walk read ${walk.seen} users, totalResults says ${walk.total}` : undefined;
        },
      };
    },
    details: () => ({
      pages: walk.pages,
      pagesInDirectory: Math.ceil(walk.total / limits.pageSize),
      usersSeen: walk.seen,
      totalResults: walk.total,
      complete: walk.done ? 'yes' : 'no',
    }),
  };
}

function parse(answer: ScimAnswer): any {
  try {
    return answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    return undefined;
  }
}

function totalIs(expected: number): (answer: ScimAnswer) => string | undefined {
  return (answer) => {
    const total = parse(answer)?.totalResults;
    return total === expected ? undefined : `totalResults ${total}, expected ${expected}`;
  };
}
