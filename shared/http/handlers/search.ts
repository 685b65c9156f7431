import { ScimError } from '../../scim/errors';
import type { ParamSource } from '../list-params';
import { answerList, type ListScope } from '../list-request';
import type { ScimResult } from '../responses';
import type { ScimContext, ScimHandler } from '../scim-route';

export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

const TEXT_FIELDS = ['filter', 'sortBy', 'sortOrder', 'cursor'];
const INTEGER_FIELDS = ['startIndex', 'count'];
const LIST_FIELDS = ['attributes', 'excludedAttributes'];

/**
 * POST /.search (RFC 7644 §3.4.3) at the root: Users and Groups in one ListResponse (see
 * searchAll for the order). A read-only key may search: it only reads.
 */
export const searchHandler: ScimHandler = (ctx) => search(ctx, 'root');

/** POST /Users/.search, /Groups/.search: the same semantics as GET on the endpoint. */
export async function search(ctx: ScimContext, scope: ListScope): Promise<ScimResult> {
  const where = scope === 'root' ? '/.search' : `${scope.endpoint}/.search`;
  if (ctx.method !== 'POST') throw ScimError.methodNotAllowed(`${ctx.method} is not supported on ${where}; POST a SearchRequest`, ['POST']);
  return answerList(ctx, scope, searchRequestSource(await ctx.json()));
}

/**
 * The parameters of a SearchRequest body, read like query parameters: names in any case,
 * `attributes` / `excludedAttributes` as an array of names or one comma-separated string,
 * `startIndex` / `count` as integers (numeric strings accepted). `schemas`, when sent, must
 * name the SearchRequest message. A field of the wrong type is 400 invalidValue naming it.
 */
export function searchRequestSource(body: unknown): ParamSource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ScimError.invalidSyntax(`the request body must be a SearchRequest object (${SEARCH_REQUEST_SCHEMA})`);
  }
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(body)) if (!fields.has(key.toLowerCase())) fields.set(key.toLowerCase(), value);
  checkSchemas(fields.get('schemas'));
  const values = new Map<string, string>();
  for (const name of [...TEXT_FIELDS, ...INTEGER_FIELDS, ...LIST_FIELDS]) {
    const value = fields.get(name.toLowerCase());
    if (value === undefined || value === null) continue;
    values.set(name.toLowerCase(), fieldText(name, value));
  }
  return (name) => values.get(name.toLowerCase());
}

function checkSchemas(schemas: unknown): void {
  if (schemas === undefined) return;
  const listed = Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase());
  if (!listed) throw ScimError.invalidSyntax(`schemas must list ${SEARCH_REQUEST_SCHEMA}`);
}

function fieldText(name: string, value: unknown): string {
  if (LIST_FIELDS.includes(name)) {
    const items = Array.isArray(value) ? value : [value];
    if (!items.every((item) => typeof item === 'string')) throw ScimError.invalidValue(`${name}: expected an array of attribute names`);
    return items.join(',');
  }
  if (INTEGER_FIELDS.includes(name)) {
    if (typeof value === 'number' || typeof value === 'string') return String(value);
    throw ScimError.invalidValue(`${name}: expected an integer`);
  }
  if (typeof value !== 'string') throw ScimError.invalidValue(`${name}: expected a string`);
  return value;
}
