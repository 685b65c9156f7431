import { listResponse } from '../scim/list-response';
import { projectResource, type Projection } from '../scim/projection';
import type { MemberRef, ScimDoc, StoredResource } from '../scim/repository';
import type { ResourceTypeDef } from '../scim/schema/types';
import type { ListResult } from '../scim/service/list-resources';
import { memberView, withMeta } from '../scim/service/resource-view';
import { JsonStream } from './json-stream';

export interface RenderContext {
  baseUrl: string;
  projection: Projection;
  /** A group's members, when the projection keeps them; absent otherwise (nothing is read). */
  members?: (groupId: string) => AsyncIterable<MemberRef[]>;
}

/** One resource as its projected JSON; a group with members streams them a page at a time. */
export function renderResource(rt: ResourceTypeDef, r: StoredResource, ctx: RenderContext): ScimDoc | JsonStream {
  const view = projectResource(rt, withMeta(rt, r, ctx.baseUrl), ctx.projection);
  if (!ctx.members) return view;
  return new JsonStream(withMembers(rt, view, ctx.members(r.id), ctx));
}

/** A ListResponse; streamed when its groups carry members. */
export function renderList(rt: ResourceTypeDef, result: ListResult, ctx: RenderContext): ScimDoc | JsonStream {
  const page = { totalResults: result.totalResults, startIndex: result.startIndex, itemsPerPage: result.resources.length };
  if (!ctx.members) return listResponse(result.resources.map((r) => renderResource(rt, r, ctx) as ScimDoc), page) as unknown as ScimDoc;
  const head = JSON.stringify(listResponse([], page));
  return new JsonStream(
    (async function* () {
      yield head.slice(0, head.lastIndexOf('[') + 1);
      for (const [i, r] of result.resources.entries()) {
        if (i > 0) yield ',';
        const view = projectResource(rt, withMeta(rt, r, ctx.baseUrl), ctx.projection);
        yield* withMembers(rt, view, ctx.members!(r.id), ctx);
      }
      yield ']}';
    })(),
  );
}

/** `view` as JSON with a `members` array spliced in; no `members` key when there are none. */
async function* withMembers(rt: ResourceTypeDef, view: ScimDoc, members: AsyncIterable<MemberRef[]>, ctx: RenderContext): AsyncIterable<string> {
  const head = JSON.stringify(view);
  let opened = false;
  for await (const page of members) {
    if (page.length === 0) continue;
    const projected = projectResource(rt, { members: page.map((m) => memberView(m, ctx.baseUrl, '/Users', 'User')) }, ctx.projection);
    const items = ((projected.members as unknown[] | undefined) ?? []).map((m) => JSON.stringify(m)).join(',');
    if (items === '') continue;
    yield opened ? `,${items}` : `${head.slice(0, -1)}${head === '{}' ? '' : ','}"members":[${items}`;
    opened = true;
  }
  yield opened ? ']}' : head;
}

