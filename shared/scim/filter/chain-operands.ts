import type { Filter } from './ast';

type Chain = Filter & { kind: 'and' | 'or' };

/**
 * The operands of an and/or chain, left to right. The parser builds `a and b and c` as
 * and(and(a, b), c); walking the left spine in a loop keeps every tree walk's recursion
 * bounded by explicit nesting (maxDepth) instead of by the chain's length.
 */
export function chainOperands(chain: Chain): Filter[] {
  const rights: Filter[] = [];
  let node: Filter = chain;
  while ((node.kind === 'and' || node.kind === 'or') && node.kind === chain.kind) {
    rights.push(node.right);
    node = node.left;
  }
  rights.push(node);
  return rights.reverse();
}
