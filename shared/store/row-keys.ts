import type { ResourceTypeName } from '../scim/repository';
import { decodeKeyPart, encodeKeyPart, MAX_KEY_CHARS } from './key-encoding';
import { ScimError } from '../scim/errors';

/**
 * RowKey layout inside a directory partition (DESIGN.md §3). Prefixes keep each row kind in
 * its own contiguous range so a kind can be listed with one range query. A user's reverse
 * membership rows sort directly after the user (the entity key ends in ':', and an encoded id
 * never contains ':' or ';'), so one range read returns a user with its `groups`; a group's
 * member rows live apart, so reading a group without members never touches them.
 *
 *   res:<type>:<id>:                        the resource (User, Group)
 *   res:user:<userId>:g:<groupId>           user -> group membership row (User `groups`)
 *   gm:<groupId>:<userId>                   group -> user membership row (Group `members`)
 *   uix:<type>:<attr>:<lower-cased value>   unique index row -> id
 *   mix:<type>:<attr>:<value>:<id>          non-unique index row -> id
 *   key:<keyId>                             directory key record
 *   jr:<time>-<random>                      change-journal row (journal.ts)
 *   rpt:<time>-<random>                     reconciliation report
 *   hc:<window>:<instance>                  request counts (request-stats.ts)
 */
const TYPE_CODE: Record<ResourceTypeName, string> = { User: 'user', Group: 'group' };

export function resourceRow(type: ResourceTypeName, id: string): string {
  return checked(`res:${TYPE_CODE[type]}:${encodeKeyPart(id)}:`, 'id');
}

/** The resource row and, for a user, its reverse membership rows. */
export function resourceWithChildrenRange(type: ResourceTypeName, id: string): { from: string; to: string } {
  return range(resourceRow(type, id));
}

export function userGroupRow(userId: string, groupId: string): string {
  return checked(`${resourceRow('User', userId)}g:${encodeKeyPart(groupId)}`, 'group id');
}

/** A user's reverse membership rows, without the user row itself. */
export function userGroupsRange(userId: string): { from: string; to: string } {
  return range(`${resourceRow('User', userId)}g:`);
}

export function groupMemberRow(groupId: string, userId: string): string {
  return checked(`${groupMemberPrefix(groupId)}${encodeKeyPart(userId)}`, 'member id');
}

export function groupMembersRange(groupId: string): { from: string; to: string } {
  return range(checked(groupMemberPrefix(groupId), 'group id'));
}

function groupMemberPrefix(groupId: string): string {
  return `gm:${encodeKeyPart(groupId)}:`;
}

export function resourceRange(type: ResourceTypeName): { from: string; to: string } {
  return range(`res:${TYPE_CODE[type]}:`);
}

export function uniqueIndexRow(type: ResourceTypeName, attr: string, value: string): string {
  return checked(`uix:${TYPE_CODE[type]}:${attr}:${encodeKeyPart(value.toLowerCase())}`, attr);
}

/**
 * Unique index rows whose lower-cased value starts with `prefix`. The encoding maps a prefix of
 * a value to a prefix of its key, so they are one contiguous range: [key of the prefix, that key
 * with its last character incremented). Undefined when the encoded prefix is longer than any key
 * can be: no stored value starts with it.
 */
export function uniqueIndexPrefixRange(type: ResourceTypeName, attr: string, prefix: string): { from: string; to: string } | undefined {
  const from = `uix:${TYPE_CODE[type]}:${attr}:${encodeKeyPart(prefix.toLowerCase())}`;
  if (from.length > MAX_KEY_CHARS) return undefined;
  return { from, to: from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1) };
}

/** The lower-cased value a unique index row holds (the inverse of uniqueIndexRow, lower-cased). */
export function uniqueIndexValue(type: ResourceTypeName, attr: string, rowKey: string): string {
  return decodeKeyPart(rowKey.slice(`uix:${TYPE_CODE[type]}:${attr}:`.length));
}

export function multiIndexRow(type: ResourceTypeName, attr: string, value: string, id: string): string {
  return checked(`${multiIndexPrefix(type, attr, value)}${encodeKeyPart(id)}`, attr);
}

export function multiIndexRange(type: ResourceTypeName, attr: string, value: string): { from: string; to: string } {
  return range(checked(multiIndexPrefix(type, attr, value), attr));
}

export function keyRow(keyId: string): string {
  return checked(`key:${encodeKeyPart(keyId)}`, 'key id');
}

function multiIndexPrefix(type: ResourceTypeName, attr: string, value: string): string {
  return `mix:${TYPE_CODE[type]}:${attr}:${encodeKeyPart(value)}:`;
}

/** Every prefix ends in ':'; ';' is the next character, so [prefix, prefix;) is the range. */
function range(prefix: string): { from: string; to: string } {
  return { from: prefix, to: prefix.slice(0, -1) + ';' };
}

function checked(rowKey: string, what: string): string {
  if (rowKey.length > MAX_KEY_CHARS) {
    throw ScimError.invalidValue(`${what} is too long to store: Table Storage keys hold at most ${MAX_KEY_CHARS} characters once encoded`);
  }
  return rowKey;
}
