import type { MemberOp } from '../patch/split-member-ops';

/**
 * The net effect of member operations applied in order (ENTRA-DIALECT items 5 and 6): either
 * an exact new member set (`replace` / remove-all seen) or ids to add and remove, disjoint.
 */
export type MemberPlan = { kind: 'set'; ids: Set<string> } | { kind: 'delta'; add: Set<string>; remove: Set<string> };

export function foldMemberOps(ops: readonly MemberOp[]): MemberPlan {
  let plan: MemberPlan = { kind: 'delta', add: new Set(), remove: new Set() };
  for (const op of ops) {
    if (op.kind === 'removeAll') plan = { kind: 'set', ids: new Set() };
    else if (op.kind === 'replace') plan = { kind: 'set', ids: new Set(op.ids) };
    else if (plan.kind === 'set') for (const id of op.ids) op.kind === 'add' ? plan.ids.add(id) : plan.ids.delete(id);
    else for (const id of op.ids) move(id, op.kind === 'add' ? plan.add : plan.remove, op.kind === 'add' ? plan.remove : plan.add);
  }
  return plan;
}

/** The ids a plan adds (to check they are users before anything is written). */
export function addedIds(plan: MemberPlan): string[] {
  return [...(plan.kind === 'set' ? plan.ids : plan.add)];
}

export function isEmptyPlan(plan: MemberPlan): boolean {
  return plan.kind === 'delta' && plan.add.size === 0 && plan.remove.size === 0;
}

function move(id: string, into: Set<string>, outOf: Set<string>): void {
  outOf.delete(id);
  into.add(id);
}
