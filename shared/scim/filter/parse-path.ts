import { ScimError } from '../errors';
import type { AttrPath, PatchPath } from './ast';
import { FilterParser, type Dialect, type ParseLimits } from './filter-parser';

const PATH: Dialect = { noun: 'path', error: ScimError.invalidPath };

/**
 * Parses a PATCH operation's `path` (RFC 7644 §3.5.2): `PATH = attrPath / valuePath [subAttr]`,
 * e.g. `name.givenName`, `members[value eq "id"]`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 * A bare extension URN parses as {uri, name: "User"}; callers that accept one test for it first.
 * @throws ScimError invalidPath, with the 0-based position and what was expected there.
 */
export function parsePatchPath(text: string, limits?: ParseLimits): PatchPath {
  const parser = new FilterParser(text, PATH, limits);
  const attr = parser.attrPath();
  const filter = parser.bracketFilter(attr);
  const result: PatchPath = { attr };
  if (filter !== undefined) {
    result.filter = filter;
    const sub = parser.subAfterBracket();
    if (sub !== undefined) result.sub = sub;
  }
  parser.expectEnd();
  return result;
}

/**
 * Parses a lone `attrPath` (RFC 7644 §3.10: `[URI ":"] ATTRNAME *1subAttr`), as used in
 * `attributes`, `excludedAttributes` and `sortBy`.
 * @throws ScimError invalidPath
 */
export function parseAttrPath(text: string, limits?: ParseLimits): AttrPath {
  const parser = new FilterParser(text, PATH, limits);
  const path = parser.attrPath();
  parser.expectEnd();
  return path;
}
