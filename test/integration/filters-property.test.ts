import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttrPath, Filter } from '../../shared/scim/filter/ast';
import { evaluateFilter, validateFilter } from '../../shared/scim/filter/evaluate-filter';
import { printFilter } from '../../shared/scim/filter/print-filter';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import type { ResourceTypeDef } from '../../shared/scim/schema/types';
import { startHarness, type Harness } from '../support/harness';
import { groupBody, randomFilter, seeded, userBody, type Random, type Target } from './filters-generator';
import { ENT } from '../support/scim-wire';

/**
 * Issue #7, item 1, as a property: for random filters (fixed seed) over random users and groups
 * created through the API, GET /Users and GET /Groups (and POST /.search across both) return
 * exactly the resources that evaluateFilter accepts among the documents GET returns. This
 * covers every path the list takes (index rows, reverse membership rows, member point reads,
 * scans) against the one in-memory definition of the semantics.
 */
/** Replay another seed with PROPERTY_SEED=<n>. */
const SEED = Number(process.env.PROPERTY_SEED ?? 7_2026);
const USERS = 40;
const GROUPS = 12;
const FILTERS_PER_TYPE = 150;

let h: Harness;
let token: string;
const docs: Record<'User' | 'Group', Array<Record<string, unknown>>> = { User: [], Group: [] };

beforeAll(async () => {
  h = await startHarness();
  token = await h.newDirectory('property');
  const rnd = seeded(SEED);
  const userIds: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const reply = await h.request('POST', '/Users', { token, body: userBody(rnd, i, userIds.length > 0 ? userIds[Math.floor(rnd() * userIds.length)] : undefined) });
    expect(reply.status, reply.text).toBe(201);
    userIds.push(reply.body.id);
  }
  const groupIds: string[] = [];
  for (let i = 0; i < GROUPS; i++) {
    const reply = await h.request('POST', '/Groups', { token, body: groupBody(rnd, i, userIds) });
    expect(reply.status, reply.text).toBe(201);
    groupIds.push(reply.body.id);
  }
  for (const id of userIds) docs.User.push((await h.request('GET', `/Users/${id}`, { token })).body);
  for (const id of groupIds) docs.Group.push((await h.request('GET', `/Groups/${id}`, { token })).body);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

/** Every string (or instant) found at `path` in the documents. */
function valuesAt(type: 'User' | 'Group', path: AttrPath): string[] {
  const out = new Set<string>();
  for (const doc of docs[type]) {
    const holder = (path.uri && path.uri !== USER_RESOURCE_TYPE.schema.id ? doc[path.uri] : doc) as Record<string, unknown> | undefined;
    const raw = holder?.[path.name];
    for (const element of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
      const value = path.sub ? (element as Record<string, unknown>)?.[path.sub] : element;
      if (typeof value === 'string') out.add(value);
    }
  }
  return [...out];
}

function target(type: 'User' | 'Group', text: string, kind: Target['kind'] = 'text', subs?: string[]): Target {
  const [name, sub] = text.startsWith('urn:') ? [text.slice(text.lastIndexOf(':') + 1), undefined] : text.split('.');
  const uri = text.startsWith('urn:') ? text.slice(0, text.lastIndexOf(':')) : undefined;
  const path: AttrPath = { ...(uri ? { uri } : {}), name: name!, ...(sub ? { sub } : {}) };
  const values = valuesAt(type, sub === undefined && subs ? { ...path, sub: 'value' } : path);
  const t: Target = { path, kind, values };
  if (subs) t.subs = subs.map((s) => ({ path: { name: s.split(':')[0]! }, kind: s.endsWith(':boolean') ? 'boolean' : 'text', values: valuesAt(type, { ...path, sub: s.split(':')[0]! }) }));
  return t;
}

function userTargets(): Target[] {
  const t = (text: string, kind?: Target['kind'], subs?: string[]) => target('User', text, kind, subs);
  return [
    ...['userName', 'displayName', 'nickName', 'title', 'userType', 'locale', 'externalId', 'id'].map((n) => t(n)),
    t('active', 'boolean'),
    ...['name.givenName', 'name.familyName', 'name.formatted', 'emails.value', 'emails.type', 'addresses.locality', 'addresses.country', 'roles.value', 'roles.display'].map((n) => t(n)),
    ...['emails.primary', 'roles.primary', 'addresses.primary'].map((n) => t(n, 'boolean')),
    t('emails', 'text', ['value', 'type', 'primary:boolean']),
    t('addresses', 'text', ['locality', 'country', 'type', 'primary:boolean']),
    t('roles', 'text', ['value', 'display', 'primary:boolean']),
    t('groups', 'text', ['value', 'display']),
    t('phoneNumbers.value'),
    t('meta.created', 'dateTime'),
    t('meta.lastModified', 'dateTime'),
    t('meta.version'),
    t('schemas'),
    t(`${ENT}:department`),
    t(`${ENT}:employeeNumber`),
    t(`${ENT}:costCenter`),
    { ...t(`${ENT}:manager`), values: valuesAt('User', { uri: ENT, name: 'manager', sub: 'value' }) },
    { path: { name: 'department' }, kind: 'text', values: valuesAt('User', { uri: ENT, name: 'department' }) },
  ];
}

function groupTargets(): Target[] {
  const t = (text: string, kind?: Target['kind'], subs?: string[]) => target('Group', text, kind, subs);
  return [
    t('displayName'),
    t('externalId'),
    t('id'),
    t('members', 'text', ['value', 'display', 'type']),
    t('members.value'),
    t('members.display'),
    t('meta.created', 'dateTime'),
    t('meta.lastModified', 'dateTime'),
  ];
}

function expected(rt: ResourceTypeDef, filter: Filter): string[] {
  return docs[rt.name as 'User' | 'Group'].filter((doc) => evaluateFilter(filter, doc, rt)).map((doc) => String(doc.id)).sort();
}

function validationError(filter: Filter, rt: ResourceTypeDef): string | undefined {
  try {
    validateFilter(filter, rt);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

async function check(rnd: Random, rt: ResourceTypeDef, targets: Target[]): Promise<void> {
  const filter = randomFilter(rnd, targets);
  const text = printFilter(filter);
  const reply = await h.request('GET', `${rt.endpoint}?filter=${encodeURIComponent(text)}&count=200&attributes=id`, { token });
  const invalid = validationError(filter, rt);
  if (invalid) {
    expect(reply.status, text).toBe(400);
    expect(reply.body, text).toMatchObject({ scimType: 'invalidFilter', detail: invalid });
    return;
  }
  expect(reply.status, `${text}: ${reply.text}`).toBe(200);
  const got = reply.body.Resources.map((r: { id: string }) => r.id).sort();
  expect(got, text).toEqual(expected(rt, filter));
  expect(reply.body.totalResults, text).toBe(got.length);
  const root = await h.request('POST', '/.search', { token, body: { filter: text, count: 200, attributes: ['id'] } });
  const both = [...expected(USER_RESOURCE_TYPE, filter), ...expected(GROUP_RESOURCE_TYPE, filter)].sort();
  expect(root.body.Resources.map((r: { id: string }) => r.id).sort(), `/.search ${text}`).toEqual(both);
}

describe('filtering through the API equals evaluateFilter over the same documents', () => {
  it(`holds for ${FILTERS_PER_TYPE} random User filters (seed ${SEED})`, async () => {
    const rnd = seeded(SEED + 1);
    const targets = userTargets();
    for (let i = 0; i < FILTERS_PER_TYPE; i++) await check(rnd, USER_RESOURCE_TYPE, targets);
  }, 240_000);

  it(`holds for ${FILTERS_PER_TYPE} random Group filters (seed ${SEED})`, async () => {
    const rnd = seeded(SEED + 2);
    const targets = groupTargets();
    for (let i = 0; i < FILTERS_PER_TYPE; i++) await check(rnd, GROUP_RESOURCE_TYPE, targets);
  }, 240_000);

  it('matches some resources and misses others (the generator is not vacuous)', async () => {
    const rnd = seeded(SEED + 1);
    const targets = userTargets();
    const sizes = Array.from({ length: 100 }, () => expected(USER_RESOURCE_TYPE, randomFilter(rnd, targets)).length);
    expect(sizes.filter((n) => n > 0 && n < USERS).length).toBeGreaterThan(30);
  });
});
