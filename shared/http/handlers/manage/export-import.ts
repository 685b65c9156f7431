import { z } from 'zod';
import { ScimError } from '../../../scim/errors';
import { normaliseResource } from '../../../scim/normalise-resource';
import { ConcurrencyConflict, type ResourceRepository, type ResourceTypeName, type ScimDoc } from '../../../scim/repository';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../scim/schema/resource-types';
import type { DirectoryRecord } from '../../../store/directory-store';
import { JsonStream } from '../../json-stream';
import type { ManageContext } from '../../manage-route';
import type { ScimResult } from '../../responses';
import { parseBody } from './parse-body';

/**
 * Export and import of a directory as NDJSON, one record a line, users first, then groups,
 * then memberships, ids kept:
 *   {"type":"User","id":"…","created":"…","resource":{…}}
 *   {"type":"Group","id":"…","created":"…","resource":{…}}
 *   {"type":"Member","group":"<group id>","user":"<user id>"}
 */
export function exportDirectory(ctx: ManageContext, dir: DirectoryRecord): ScimResult {
  const repo = ctx.services.resources(USER_RESOURCE_TYPE, dir.id).repo;
  return { status: 200, headers: { 'Content-Type': 'application/x-ndjson' }, body: new JsonStream(exportLines(repo)) };
}

async function* exportLines(repo: ResourceRepository): AsyncIterable<string> {
  const groups: string[] = [];
  for (const type of ['User', 'Group'] as const) {
    for await (const page of repo.scan(type, 500)) {
      const lines = page.map((r) => {
        if (type === 'Group') groups.push(r.id);
        const { id: _id, ...resource } = r.doc;
        return JSON.stringify({ type, id: r.id, created: r.created, resource }) + '\n';
      });
      yield lines.join('');
    }
  }
  for (const group of groups) {
    for await (const page of repo.members(group, 1000, false)) yield page.map((m) => JSON.stringify({ type: 'Member', group, user: m.id }) + '\n').join('');
  }
}

const importBody = z.object({ firstLine: z.number().int().min(1).default(1), lines: z.array(z.string()).max(1000) }).strict();
const record = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['User', 'Group']), id: z.string().min(1).max(256), created: z.string().optional(), resource: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('Member'), group: z.string().min(1).max(256), user: z.string().min(1).max(256) }),
]);

/**
 * POST …/import {firstLine, lines}: each line validated and applied on its own, idempotently
 * (a resource with the same id is replaced, an existing membership is kept); rejected lines
 * are reported by their number in the file, and never stop the rest.
 */
export async function importLines(ctx: ManageContext, dir: DirectoryRecord): Promise<ScimResult> {
  const body = parseBody(importBody, await ctx.json());
  const repo = ctx.services.resources(USER_RESOURCE_TYPE, dir.id, { keyId: 'import', requestId: `import-${Date.now()}` }).repo;
  const counts = { users: 0, groups: 0, members: 0, unchanged: 0 };
  const rejected: { line: number; detail: string }[] = [];
  for (const [i, text] of body.lines.entries()) {
    if (text.trim() === '') continue;
    try {
      const outcome = await importLine(repo, text);
      counts[outcome]++;
    } catch (e) {
      if (!(e instanceof ScimError) && !(e instanceof SyntaxError)) throw e;
      rejected.push({ line: body.firstLine + i, detail: e.message });
    }
  }
  return { status: 200, body: { imported: counts, rejected } };
}

async function importLine(repo: ResourceRepository, text: string): Promise<'users' | 'groups' | 'members' | 'unchanged'> {
  const parsed = record.safeParse(JSON.parse(text));
  if (!parsed.success) throw ScimError.invalidValue(`not an export record: ${parsed.error.issues[0]!.path.join('.') || 'line'}: ${parsed.error.issues[0]!.message}`);
  const r = parsed.data;
  if (r.type === 'Member') {
    const group = await repo.get('Group', r.group);
    if (!group) throw ScimError.invalidValue(`no group "${r.group}" (groups must come before their members)`);
    if (await repo.isMember(r.group, r.user)) return 'unchanged';
    await repo.assertUsers([r.user]);
    await repo.changeMembers(group, { add: [r.user], remove: [] });
    return 'members';
  }
  return importResource(repo, r.type, r.id, r.resource);
}

async function importResource(repo: ResourceRepository, type: ResourceTypeName, id: string, resource: ScimDoc): Promise<'users' | 'groups' | 'unchanged'> {
  const rt = type === 'User' ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
  const { members: _members, ...doc } = normaliseResource(rt, resource);
  const next = { ...doc, id };
  for (let attempt = 1; ; attempt++) {
    const current = await repo.get(type, id);
    if (current && JSON.stringify(current.doc) === JSON.stringify(next)) return 'unchanged';
    try {
      if (current) await repo.update(type, current, next);
      else await repo.create(type, id, next);
      return type === 'User' ? 'users' : 'groups';
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict) || attempt >= 3) throw e instanceof ConcurrencyConflict ? ScimError.conflict(`${type} ${id} kept changing; import it again`) : e;
    }
  }
}
