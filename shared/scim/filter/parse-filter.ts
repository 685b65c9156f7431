import { ScimError } from '../errors';
import type { Filter } from './ast';
import { FilterParser, type Dialect, type ParseLimits } from './filter-parser';

const FILTER: Dialect = { noun: 'filter', error: ScimError.invalidFilter };

/**
 * Parses a `filter` query parameter (RFC 7644 §3.4.2.2) into a tree, plus the forms Entra
 * sends outside the grammar: unquoted values (`externalId eq jyoung`) and
 * `emails[type eq "work"].value eq "x"`, which becomes a valuePath on `emails` whose filter
 * is `type eq "work" and value eq "x"`. Keywords and operators are case-insensitive;
 * attribute names keep their case. Runs in time linear in the input; nesting beyond
 * `maxDepth` and input beyond `maxLength` are refused.
 * @throws ScimError invalidFilter, with the 0-based position and what was expected there.
 */
export function parseFilter(text: string, limits?: ParseLimits): Filter {
  const parser = new FilterParser(text, FILTER, limits);
  const filter = parser.filter();
  parser.expectEnd();
  return filter;
}

export type { ParseLimits } from './filter-parser';
