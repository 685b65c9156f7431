import { ScimError } from '../errors';
import { normaliseResource } from '../normalise-resource';
import { applyPatch } from '../patch/apply-patch';
import type { PatchOperation } from '../patch/parse-patch-request';
import { splitMemberOps } from '../patch/split-member-ops';
import type { MemberChange, ScimDoc, StoredResource } from '../repository';
import { addedIds, foldMemberOps, isEmptyPlan, type MemberPlan } from './fold-member-ops';
import { ResourceService } from './resource-service';

/** Member rows read per page when a plan needs the whole current member set. */
const MEMBER_PAGE = 1000;

/**
 * Groups: the document as for any resource, members as membership rows (DESIGN.md §3), never
 * a list inside the group. Added ids are checked to be users before anything is written.
 */
export class GroupService extends ResourceService {
  override async create(body: unknown): Promise<StoredResource> {
    const { doc, plan } = this.withoutMembers(normaliseResource(this.rt, body));
    await this.repo.assertUsers(addedIds(plan));
    const group = await this.createDoc(doc);
    if (isEmptyPlan(plan)) return group;
    return this.withRetry(async () => this.repo.changeMembers(group, await this.changeFor(group.id, plan)));
  }

  /** RFC 7644 §3.5.1: PUT replaces the attributes and the member set. */
  override async replace(id: string, body: unknown, ifMatch?: string): Promise<StoredResource> {
    const normalised = normaliseResource(this.rt, body);
    const { doc } = this.withoutMembers(normalised);
    const plan: MemberPlan = { kind: 'set', ids: new Set(memberIds(normalised.members)) };
    await this.repo.assertUsers(addedIds(plan));
    return this.withRetry(async () => {
      const prev = await this.read(id, ifMatch);
      const next = await this.repo.update(this.type, prev, { ...doc, id });
      return this.repo.changeMembers(next, await this.changeFor(id, plan));
    });
  }

  /** Attribute operations change the document, member operations the rows, in one request. */
  override async patch(id: string, ops: PatchOperation[], ifMatch?: string): Promise<StoredResource> {
    const { attributeOps, memberOps } = splitMemberOps(this.rt, ops);
    const plan = foldMemberOps(memberOps);
    await this.repo.assertUsers(addedIds(plan));
    return this.withRetry(async () => {
      const prev = await this.read(id, ifMatch);
      const { doc, changed } = applyPatch(this.rt, prev.doc, attributeOps);
      const next = changed ? await this.repo.update(this.type, prev, { ...doc, id }, 'patch') : prev;
      return isEmptyPlan(plan) ? next : this.repo.changeMembers(next, await this.changeFor(id, plan));
    });
  }

  private withoutMembers(normalised: ScimDoc): { doc: ScimDoc; plan: MemberPlan } {
    const { members, ...doc } = normalised;
    return { doc, plan: { kind: 'delta', add: new Set(memberIds(members)), remove: new Set() } };
  }

  /** A plan as rows to write; a full member set is diffed against the stored one. */
  private async changeFor(groupId: string, plan: MemberPlan): Promise<MemberChange> {
    if (plan.kind === 'delta') return { add: [...plan.add], remove: [...plan.remove] };
    const remove: string[] = [];
    const add = new Set(plan.ids);
    for await (const page of this.repo.members(groupId, MEMBER_PAGE, false)) {
      for (const { id } of page) if (!add.delete(id)) remove.push(id);
    }
    return { add: [...add], remove };
  }
}

function memberIds(members: unknown): string[] {
  if (!Array.isArray(members)) return [];
  return members.map((m, i) => {
    const value = (m as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value === '') throw ScimError.invalidValue(`members[${i}].value: expected a user id`);
    return value;
  });
}
