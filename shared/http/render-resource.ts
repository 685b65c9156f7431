import { listResponse, type ListResponsePage } from '../scim/list-response';
import { projectResource, type Projection } from '../scim/projection';
import type { MemberRef, ScimDoc, StoredResource } from '../scim/repository';
import type { ResourceTypeDef } from '../scim/schema/types';
import { memberView, withMeta } from '../scim/service/resource-view';
import { JsonStream } from './json-stream';

export interface RenderContext {
  baseUrl: string;
  projection: Projection;
  /** A group's members, when the projection keeps them; absent otherwise (nothing is read). */
  members?: (groupId: string) => AsyncIterable<MemberRef[]>;
}

/** One entry of a list: a resource and its type (a root search mixes Users and Groups). */
export interface ListItem {
  rt: ResourceTypeDef;
  resource: StoredResource;
}

/** RFC 7644 §3.4.2 paging fields, plus RFC 9865's cursors when the client pages by cursor. */
export interface ListPage extends Omit<ListResponsePage, 'itemsPerPage'> {
  nextCursor?: string;
  previousCursor?: string;
}

/** One resource as its projected JSON; a group with members streams them a page at a time. */
export function renderResource(rt: ResourceTypeDef, r: StoredResource, ctx: RenderContext): ScimDoc | JsonStream {
  const view = projectResource(rt, withMeta(rt, r, ctx.baseUrl), ctx.projection);
  if (!ctx.members) return view;
  return new JsonStream(withMembers(rt, view, ctx.members(r.id), ctx));
}

/**
 * A ListResponse (itemsPerPage = the number of resources in it), `Resources` last; streamed
 * when any of its groups carries members.
 */
export function renderList(items: ListItem[], page: ListPage, contextFor: (rt: ResourceTypeDef) => RenderContext): ScimDoc | JsonStream {
  const { Resources: _none, ...fields } = listResponse([], { ...page, itemsPerPage: items.length });
  const head: ScimDoc = { ...fields };
  if (page.nextCursor !== undefined) head.nextCursor = page.nextCursor;
  if (page.previousCursor !== undefined) head.previousCursor = page.previousCursor;
  if (!items.some((item) => contextFor(item.rt).members)) {
    return { ...head, Resources: items.map((item) => renderResource(item.rt, item.resource, contextFor(item.rt)) as ScimDoc) };
  }
  const opening = JSON.stringify({ ...head, Resources: [] });
  return new JsonStream(
    (async function* () {
      yield opening.slice(0, opening.lastIndexOf('[') + 1);
      for (const [i, { rt, resource }] of items.entries()) {
        if (i > 0) yield ',';
        const ctx = contextFor(rt);
        const view = projectResource(rt, withMeta(rt, resource, ctx.baseUrl), ctx.projection);
        if (ctx.members) yield* withMembers(rt, view, ctx.members(resource.id), ctx);
        else yield JSON.stringify(view);
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
