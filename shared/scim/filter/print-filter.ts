import { assertNever, type AttrPath, type Filter, type Literal, type PatchPath } from './ast';
import { chainOperands } from './chain-operands';

/**
 * Prints a filter as RFC 7644 §3.4.2.2 text that `parseFilter` reads back to the same tree,
 * with parentheses only where the tree's shape needs them. For logs, errors and tests.
 */
export function printFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${printAttrPath(filter.path)} ${filter.op} ${printLiteral(filter.value)}`;
    case 'present':
      return `${printAttrPath(filter.path)} pr`;
    case 'not':
      return `not (${printFilter(filter.filter)})`;
    case 'valuePath':
      return `${printAttrPath(filter.path)}[${printFilter(filter.filter)}]`;
    case 'and':
    case 'or':
      return chainOperands(filter)
        .map((operand) => (binding(operand) <= binding(filter) ? `(${printFilter(operand)})` : printFilter(operand)))
        .join(` ${filter.kind} `);
    default:
      return assertNever(filter);
  }
}

/** RFC 7644 §3.5.2 PATH text for a parsed PATCH path. */
export function printPatchPath(path: PatchPath): string {
  const filter = path.filter ? `[${printFilter(path.filter)}]` : '';
  const sub = path.sub !== undefined ? `.${path.sub}` : '';
  return `${printAttrPath(path.attr)}${filter}${sub}`;
}

export function printAttrPath(path: AttrPath): string {
  const uri = path.uri !== undefined ? `${path.uri}:` : '';
  const sub = path.sub !== undefined ? `.${path.sub}` : '';
  return `${uri}${path.name}${sub}`;
}

/** compValue as JSON writes it. */
export function printLiteral(value: Literal): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** "and" binds tighter than "or"; every other node is atomic. */
function binding(filter: Filter): number {
  if (filter.kind === 'or') return 1;
  if (filter.kind === 'and') return 2;
  return 3;
}
