import { z } from 'zod';
import { ScimError } from '../../../scim/errors';

/** What a cursor is valid for: a directory, a list below it, and the search (lower-cased) if any. */
export interface PeopleScope {
  directory: string;
  /** `users`, `groups` or `groups/<id>/members`. */
  list: string;
  q?: string;
}

/** Where a list resumes: right after `after` (a repository continuation), leaving out `skip`. */
export interface PeoplePosition {
  after?: string;
  /** The exact id match a search put first on its first page, so later pages leave it out. */
  skip?: string;
}

/** Longer than any cursor issued: values are capped well below this by the key limit. */
const MAX_CURSOR_CHARS = 8192;
const FORMAT = /^[A-Za-z0-9_-]+$/;

const payload = z
  .object({
    v: z.literal(1),
    d: z.string(),
    l: z.string(),
    q: z.string().optional(),
    a: z.string().max(2048).optional(),
    s: z.string().max(2048).optional(),
  })
  .strict();

/**
 * The management API's people cursors: base64url JSON, opaque to the console. They carry a
 * position only, never a secret, so they need no MAC: a cursor can at most move a read inside
 * the directory the caller already may read. They name the directory, list and search they were
 * issued for, and one presented elsewhere is refused rather than silently reinterpreted.
 */
export function encodePeopleCursor(scope: PeopleScope, position: PeoplePosition): string {
  const body: z.infer<typeof payload> = { v: 1, d: scope.directory, l: scope.list };
  if (scope.q !== undefined) body.q = scope.q;
  if (position.after !== undefined) body.a = position.after;
  if (position.skip !== undefined) body.s = position.skip;
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** @throws ScimError invalidValue naming `cursor` when it is garbage or was issued for another list. */
export function decodePeopleCursor(scope: PeopleScope, cursor: string): PeoplePosition {
  if (cursor.length > MAX_CURSOR_CHARS || !FORMAT.test(cursor)) throw invalid('is not a cursor this API issued');
  let parsed: z.infer<typeof payload>;
  try {
    parsed = payload.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalid('is not a cursor this API issued');
  }
  if (parsed.d !== scope.directory || parsed.l !== scope.list || parsed.q !== scope.q) {
    throw invalid('was issued for another directory, list or search');
  }
  const position: PeoplePosition = {};
  if (parsed.a !== undefined) position.after = parsed.a;
  if (parsed.s !== undefined) position.skip = parsed.s;
  return position;
}

function invalid(why: string): ScimError {
  return ScimError.invalidValue(`cursor ${why}: pass the "next" of an earlier answer to the same request unchanged, or no cursor to start`);
}
