import { assertNever, type AttrPath, type Filter } from '../filter/ast';
import { chainOperands } from '../filter/chain-operands';

/**
 * How a Group filter uses `members`, so the list can read only the membership rows it needs:
 * - undefined: not at all (no member row is read);
 * - ids: only as `members eq "u"`, `members.value eq "u"` or `members[value eq "u"]` — one
 *   point read per id and group (ENTRA-DIALECT item 10: `id eq "g" and members eq "u"`);
 * - 'all': any other way (pr, co, ne, not...), which needs the group's whole member list.
 */
export type MemberReferences = { ids: string[] } | 'all' | undefined;

export function memberReferences(filter: Filter): MemberReferences {
  switch (filter.kind) {
    case 'compare':
      if (!isMembers(filter.path)) return undefined;
      return filter.op === 'eq' && typeof filter.value === 'string' && (filter.path.sub === undefined || same(filter.path.sub, 'value'))
        ? { ids: [filter.value] }
        : 'all';
    case 'present':
      return isMembers(filter.path) ? 'all' : undefined;
    case 'not':
      return memberReferences(filter.filter) === undefined ? undefined : 'all';
    case 'valuePath':
      if (!isMembers(filter.path)) return undefined;
      return filter.filter.kind === 'compare' && filter.filter.op === 'eq' && same(filter.filter.path.name, 'value') && typeof filter.filter.value === 'string'
        ? { ids: [filter.filter.value] }
        : 'all';
    case 'and':
    case 'or':
      return chainOperands(filter).map(memberReferences).reduce(merge, undefined);
    default:
      return assertNever(filter);
  }
}

/** Whether the filter reads members' `display` (then names missing on member rows must be filled in). */
export function readsMemberDisplay(filter: Filter): boolean {
  switch (filter.kind) {
    case 'compare':
    case 'present':
      return isMembers(filter.path) && filter.path.sub !== undefined && same(filter.path.sub, 'display');
    case 'not':
      return readsMemberDisplay(filter.filter);
    case 'valuePath':
      return isMembers(filter.path) && mentions(filter.filter, 'display');
    case 'and':
    case 'or':
      return chainOperands(filter).some(readsMemberDisplay);
    default:
      return assertNever(filter);
  }
}

/** Whether a value filter names the sub-attribute `name` anywhere. */
function mentions(filter: Filter, name: string): boolean {
  switch (filter.kind) {
    case 'compare':
    case 'present':
      return same(filter.path.name, name);
    case 'not':
      return mentions(filter.filter, name);
    case 'valuePath':
      return false;
    case 'and':
    case 'or':
      return chainOperands(filter).some((operand) => mentions(operand, name));
    default:
      return assertNever(filter);
  }
}

function merge(a: MemberReferences, b: MemberReferences): MemberReferences {
  if (a === 'all' || b === 'all') return 'all';
  if (!a) return b;
  if (!b) return a;
  return { ids: [...a.ids, ...b.ids] };
}

function isMembers(path: AttrPath): boolean {
  return same(path.name, 'members') && (path.uri === undefined || /:Group$/i.test(path.uri));
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
