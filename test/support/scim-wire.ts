/**
 * What many test files share: the SCIM URNs as the wire spells them: tests state them literally
 * rather than importing the code's constants, so a typo in the code cannot pass its own test.
 */
export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

let serial = 0;
/** A name no other test in this file uses (each test file runs in its own module registry). */
export function unique(prefix: string): string {
  serial++;
  return `${prefix}-${serial}`;
}
