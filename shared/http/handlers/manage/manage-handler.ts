import { z } from 'zod';
import { createDirectoryKey, publicKey, type IssuedKey } from '../../../auth/directory-keys';
import { ScimError } from '../../../scim/errors';
import { DIRECTORY_ID_PATTERN, type DirectoryRecord, type KeyRecord } from '../../../store/directory-store';
import type { ManageContext, ManageHandler } from '../../manage-route';
import type { ScimResult } from '../../responses';
import { runReconciliation } from '../../../reconcile/run-reconciliation';
import { journalPage } from '../journal-page';
import { exportDirectory, importLines } from './export-import';
import { parseBody } from './parse-body';
import { people } from './people';

const rateLimit = z.object({ perSecond: z.number().positive().max(100_000), burst: z.number().int().min(1).max(1_000_000) }).strict();
const tenantId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'an Entra tenant id (a GUID)');

const newDirectory = z
  .object({
    id: z.string().regex(DIRECTORY_ID_PATTERN, 'a slug: 1-63 lower-case letters, digits or dashes, not starting or ending with a dash'),
    displayName: z.string().min(1).max(256),
    rateLimit: rateLimit.optional(),
    entraTenantId: tenantId.optional(),
  })
  .strict();

const directoryUpdate = z
  .object({ displayName: z.string().min(1).max(256).optional(), rateLimit: rateLimit.nullable().optional(), entraTenantId: tenantId.nullable().optional() })
  .strict();

const newKey = z
  .object({
    name: z.string().min(1).max(256),
    scope: z.enum(['read-write', 'read-only']).default('read-write'),
    expires: z.iso.datetime({ offset: true }).optional(),
    secretYears: z.number().int().min(1).max(3).optional(),
  })
  .strict();

const rotation = z.object({ name: z.string().min(1).max(256).optional(), expireOldAt: z.iso.datetime({ offset: true }).optional() }).strict();

/**
 * /api/manage/directories[/{id}[/keys[/{keyId}/(revoke|rotate)]]]: the admin's API
 * (issue: directories and keys); …/{id}/(users|groups)[/{id}[/members]]: the console's read-only
 * People endpoints (people.ts). Tokens and client secrets appear only in the answer that
 * creates them.
 */
export const manageHandler: ManageHandler = async (ctx) => {
  const [root, id, sub, keyId, action, ...rest] = ctx.segments;
  if (root === 'reconcile' && id === undefined) return reconcileNow(ctx);
  if (root === 'session' && id === undefined) return session(ctx);
  if (root !== 'directories' || rest.length > 0) throw ScimError.notFound(`no management endpoint at /manage/${ctx.segments.join('/')}`);
  if (id === undefined) return directories(ctx);
  if (sub === undefined) return directory(ctx, id);
  if (sub === 'journal' && keyId === undefined) return journal(ctx, await existing(ctx, id));
  if (sub === 'reports' && keyId === undefined) return reports(ctx, await existing(ctx, id));
  if (sub === 'export' && keyId === undefined && ctx.method === 'GET') return exportDirectory(ctx, await existing(ctx, id));
  if (sub === 'import' && keyId === undefined && ctx.method === 'POST') return importLines(ctx, await existing(ctx, id));
  if (sub === 'users' || sub === 'groups') return people(ctx, await existing(ctx, id), sub, keyId, action);
  if (sub !== 'keys') throw ScimError.notFound(`no management endpoint at /manage/${ctx.segments.join('/')}`);
  if (keyId === undefined) return keys(ctx, await existing(ctx, id));
  return keyAction(ctx, await existing(ctx, id), keyId, action);
};

async function directories(ctx: ManageContext): Promise<ScimResult> {
  if (ctx.method === 'GET') return ok({ directories: await ctx.services.directories.listDirectories() });
  if (ctx.method !== 'POST') throw ScimError.methodNotAllowed(`${ctx.method} is not supported on /manage/directories`, ['GET', 'POST']);
  const body = parseBody(newDirectory, await ctx.json());
  const record: DirectoryRecord = { ...body, created: new Date().toISOString() };
  if (record.entraTenantId && (await ctx.services.directories.directoryForTenant(record.entraTenantId.toLowerCase()))) {
    throw tenantTaken(record.entraTenantId);
  }
  const bare = { ...record, entraTenantId: undefined };
  if (!(await ctx.services.directories.createDirectory(bare))) throw ScimError.conflict(`directory "${body.id}" already exists`);
  if (record.entraTenantId && !(await ctx.services.directories.updateDirectory(bare, record))) {
    await ctx.services.directories.deleteDirectory(bare); // lost a race for the tenant: create nothing
    throw tenantTaken(record.entraTenantId);
  }
  return { status: 201, body: record };
}

async function directory(ctx: ManageContext, id: string): Promise<ScimResult> {
  const record = await existing(ctx, id);
  switch (ctx.method) {
    case 'GET':
      return ok({ ...record, counts: counts(await ctx.services.directories.countRows(id)) });
    case 'PATCH': {
      const update = parseBody(directoryUpdate, await ctx.json());
      const next: DirectoryRecord = { ...record };
      if (update.displayName !== undefined) next.displayName = update.displayName;
      if (update.rateLimit !== undefined) next.rateLimit = update.rateLimit ?? undefined;
      if (update.entraTenantId !== undefined) next.entraTenantId = update.entraTenantId ?? undefined;
      await updateOrConflict(ctx, record, next);
      return ok(next);
    }
    case 'DELETE':
      return remove(ctx, record);
    default:
      throw ScimError.methodNotAllowed(`${ctx.method} is not supported on /manage/directories/{id}`, ['GET', 'PATCH', 'DELETE']);
  }
}

/** Refused while the directory holds users or groups, unless `?force=true`. */
async function remove(ctx: ManageContext, record: DirectoryRecord): Promise<ScimResult> {
  const force = ctx.query.get('force') === 'true';
  if (!force) {
    const c = counts(await ctx.services.directories.countRows(record.id));
    if (c.users > 0 || c.groups > 0) {
      throw ScimError.conflict(`directory "${record.id}" still has ${c.users} users and ${c.groups} groups; delete them first or use force=true`);
    }
  }
  const deleted = await ctx.services.directories.deleteDirectory(record);
  ctx.services.authenticator.forget(record.id);
  return ok({ id: record.id, deleted: counts(deleted) });
}

async function keys(ctx: ManageContext, dir: DirectoryRecord): Promise<ScimResult> {
  if (ctx.method === 'GET') return ok({ keys: (await ctx.services.directories.listKeys(dir.id)).map(publicKey) });
  if (ctx.method !== 'POST') throw ScimError.methodNotAllowed(`${ctx.method} is not supported on /manage/directories/{id}/keys`, ['GET', 'POST']);
  const body = parseBody(newKey, await ctx.json());
  const issued = await createDirectoryKey(ctx.services, dir.id, { ...body, expires: body.expires ? future(body.expires, 'expires') : undefined });
  return { status: 201, body: issuedBody(issued) };
}

async function keyAction(ctx: ManageContext, dir: DirectoryRecord, keyId: string, action: string | undefined): Promise<ScimResult> {
  const key = await ctx.services.directories.getKey(dir.id, keyId);
  if (!key) throw ScimError.notFound(`directory "${dir.id}" has no key "${keyId}"`);
  if (action === undefined && ctx.method === 'GET') return ok(publicKey(key));
  if (ctx.method !== 'POST' || (action !== 'revoke' && action !== 'rotate')) {
    throw ScimError.methodNotAllowed('use GET on a key, or POST to …/revoke or …/rotate', ['GET', 'POST']);
  }
  if (action === 'revoke') {
    const revoked: KeyRecord = { ...key, revoked: key.revoked ?? new Date().toISOString() };
    await ctx.services.directories.putKey(revoked);
    ctx.services.authenticator.forget(dir.id, keyId);
    return ok(publicKey(revoked));
  }
  return rotate(ctx, dir, key);
}

/** A new key with the old one's name and scope; the old one stays valid until it expires or is revoked. */
async function rotate(ctx: ManageContext, dir: DirectoryRecord, old: KeyRecord): Promise<ScimResult> {
  const body = parseBody(rotation, (await ctx.json().catch(() => ({}))) ?? {});
  if (old.revoked) throw ScimError.conflict(`key "${old.keyId}" is revoked; create a new key instead`);
  const issued = await createDirectoryKey(ctx.services, dir.id, { name: body.name ?? old.name, scope: old.scope });
  let previous = old;
  if (body.expireOldAt) {
    previous = { ...old, expires: future(body.expireOldAt, 'expireOldAt').toISOString() };
    await ctx.services.directories.putKey(previous);
    ctx.services.authenticator.forget(dir.id, old.keyId);
  }
  return { status: 201, body: { ...issuedBody(issued), previous: publicKey(previous) } };
}

/** GET …/journal?since=&resource=&cursor=&limit=: the change journal, oldest first. */
async function journal(ctx: ManageContext, dir: DirectoryRecord): Promise<ScimResult> {
  if (ctx.method !== 'GET') throw ScimError.methodNotAllowed('use GET on /manage/directories/{id}/journal', ['GET']);
  const page = await journalPage(ctx.services.table, dir.id, ctx.query);
  return ok(page);
}

/** POST /manage/reconcile[?directory=<id>]: run reconciliation now; answers the reports. */
async function reconcileNow(ctx: ManageContext): Promise<ScimResult> {
  if (ctx.method !== 'POST') throw ScimError.methodNotAllowed('use POST on /manage/reconcile', ['POST']);
  const only = ctx.query.get('directory') ?? undefined;
  if (only !== undefined) await existing(ctx, only);
  const result = await runReconciliation(ctx.services, ctx.log, only);
  return ok(result);
}

/** GET /manage/session: who the caller is; the console's sign-in check. */
async function session(ctx: ManageContext): Promise<ScimResult> {
  if (ctx.method !== 'GET') throw ScimError.methodNotAllowed('use GET on /manage/session', ['GET']);
  return ok({ signedIn: true, via: ctx.admin.via, name: ctx.admin.name });
}

/** GET …/reports?limit=: the latest reconciliation reports, newest first. */
async function reports(ctx: ManageContext, dir: DirectoryRecord): Promise<ScimResult> {
  if (ctx.method !== 'GET') throw ScimError.methodNotAllowed('use GET on /manage/directories/{id}/reports', ['GET']);
  const limit = Number(ctx.query.get('limit') ?? '10');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw ScimError.invalidValue('limit must be an integer from 1 to 100');
  return ok({ reports: await ctx.services.directories.listReports(dir.id, limit) });
}

async function existing(ctx: ManageContext, id: string): Promise<DirectoryRecord> {
  const record = await ctx.services.directories.getDirectory(id);
  if (!record) throw ScimError.notFound(`no directory "${id}"`);
  return record;
}

async function updateOrConflict(ctx: ManageContext, prev: DirectoryRecord, next: DirectoryRecord): Promise<void> {
  if (!(await ctx.services.directories.updateDirectory(prev, next))) throw tenantTaken(next.entraTenantId!);
  ctx.services.authenticator.forget(next.id, undefined, prev.entraTenantId);
  if (next.entraTenantId) ctx.services.authenticator.forget(next.id, undefined, next.entraTenantId);
}

function tenantTaken(tenantId: string): ScimError {
  return ScimError.conflict(`another directory already trusts Entra tenant ${tenantId}`);
}

function counts(rows: Record<string, number>): { users: number; groups: number; keys: number; memberships: number } {
  return { users: rows.users ?? 0, groups: rows.groups ?? 0, keys: rows.keys ?? 0, memberships: Math.floor((rows.memberships ?? 0) / 2) };
}

function future(iso: string, field: string): Date {
  const date = new Date(iso);
  if (date.getTime() <= Date.now()) throw ScimError.invalidValue(`${field} must be in the future`);
  return date;
}

/** The only answer that ever carries the token and the client secret. */
function issuedBody(issued: IssuedKey) {
  return { key: publicKey(issued.record), token: issued.token, clientId: issued.clientId, clientSecret: issued.clientSecret };
}

function ok(body: unknown): ScimResult {
  return { status: 200, body };
}
