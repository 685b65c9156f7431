import { describe, expect, it } from 'vitest';
import { MAX_KEY_CHARS } from '../../../shared/store/key-encoding';
import {
  groupMemberRow,
  groupMembersRange,
  keyRow,
  multiIndexRange,
  multiIndexRow,
  resourceRange,
  resourceRow,
  resourceWithChildrenRange,
  uniqueIndexRow,
  userGroupRow,
  userGroupsRange,
} from '../../../shared/store/row-keys';
import { scimErrorOf } from '../scim/scim-error-of';
import { randomStrings } from './random-strings';

/** Table Storage compares keys ordinally; a range query is `from <= RowKey < to`. */
function inRange(rowKey: string, range: { from: string; to: string }): boolean {
  return rowKey >= range.from && rowKey < range.to;
}

describe('row keys', () => {
  describe('layout', () => {
    it.each<[string, string, string]>([
      ['a user', resourceRow('User', '2819c223-7f76-453a-919d-413861904646'), 'res:user:2819c223-7f76-453a-919d-413861904646:'],
      ['a group', resourceRow('Group', 'g1'), 'res:group:g1:'],
      ['a user -> group membership row', userGroupRow('u1', 'g/1'), 'res:user:u1:g:g~2F1'],
      ['a group -> user membership row', groupMemberRow('g/1', 'u1'), 'gm:g~2F1:u1'],
      ['a unique index row, lower-cased', uniqueIndexRow('User', 'userName', 'Ana@Contoso.example'), 'uix:user:userName:ana@contoso.example'],
      ['a group displayName index row', uniqueIndexRow('Group', 'displayName', 'Sales EU'), 'uix:group:displayName:sales~20eu'],
      ['a non-unique index row, case kept', multiIndexRow('User', 'externalId', 'E-1/x', 'id1'), 'mix:user:externalId:E-1~2Fx:id1'],
      ['a key record', keyRow('k1'), 'key:k1'],
    ])('writes %s as %s', (_, actual, expected) => {
      expect(actual).toBe(expected);
    });

    it('encodes an Entra guest userName so that no # reaches the key', () => {
      expect(uniqueIndexRow('User', 'userName', 'Ana_fabrikam.example#EXT#@contoso.onmicrosoft.com')).toBe(
        'uix:user:userName:ana_fabrikam.example~23ext~23@contoso.onmicrosoft.com',
      );
    });

    it('maps userNames that differ only in case to one unique index row', () => {
      expect(uniqueIndexRow('User', 'userName', 'ANA@X')).toBe(uniqueIndexRow('User', 'userName', 'ana@x'));
    });

    it('keeps externalIds that differ only in case in separate index rows', () => {
      expect(multiIndexRow('User', 'externalId', 'ABC', 'id')).not.toBe(multiIndexRow('User', 'externalId', 'abc', 'id'));
    });

    it('encodes user-supplied ids, so an id cannot reach into another row kind', () => {
      expect(resourceRow('User', 'x:y/../z')).toBe('res:user:x~3Ay~2F..~2Fz:');
    });
  });

  describe('resourceRange', () => {
    const ids = ['', 'a', 'z', '~', '😀', 'id:with:colons', ...randomStrings(7, 50)];
    const others = [
      ...ids.map((id) => resourceRow('Group', id)),
      uniqueIndexRow('User', 'userName', 'res:user:x'),
      multiIndexRow('User', 'externalId', 'x', 'y'),
      keyRow('res'),
      'rpt:2026-01-01T00:00:00.000Z-00',
      'jr:2026-01-01T00:00:00.000Z-00',
      'res:use',
      'res:users',
    ];

    it('holds every user row', () => {
      expect(ids.map((id) => resourceRow('User', id)).filter((k) => !inRange(k, resourceRange('User')))).toEqual([]);
    });

    it('holds no group, index, key or directory row', () => {
      expect(others.filter((k) => inRange(k, resourceRange('User')))).toEqual([]);
    });

    it('is [res:<type>:, res:<type>;)', () => {
      expect(resourceRange('Group')).toEqual({ from: 'res:group:', to: 'res:group;' });
    });
  });

  describe('resourceWithChildrenRange', () => {
    const ids = ['ab', 'abc', 'ab-', 'ab.', 'ab0', 'a', 'AB', 'ab@', 'ab~', 'ab:', 'ab😀', ''];
    const rows = ids.flatMap((id) => [
      { id, rowKey: resourceRow('User', id) },
      { id, rowKey: userGroupRow(id, 'g1') },
      { id, rowKey: userGroupRow(id, 'zz~') },
    ]);

    it.each(ids)('holds the user %j and its membership rows, and no other user', (id) => {
      const inside = rows.filter((r) => inRange(r.rowKey, resourceWithChildrenRange('User', id)));
      expect(inside.map((r) => r.id)).toEqual([id, id, id]);
    });

    it('sorts the user row first, before its membership rows', () => {
      expect(resourceRow('User', 'ab') < userGroupRow('ab', '')).toBe(true);
      expect(resourceWithChildrenRange('User', 'ab').from).toBe(resourceRow('User', 'ab'));
    });

    it('holds only the group row for a group', () => {
      const range = resourceWithChildrenRange('Group', 'ab');
      expect(inRange(resourceRow('Group', 'ab'), range)).toBe(true);
      expect(inRange(resourceRow('Group', 'abc'), range)).toBe(false);
      expect(inRange(resourceRow('User', 'ab'), range)).toBe(false);
    });
  });

  describe('userGroupsRange', () => {
    it("holds a user's membership rows but not the user row or another user's rows", () => {
      const range = userGroupsRange('ab');
      expect(inRange(userGroupRow('ab', 'g1'), range)).toBe(true);
      expect(inRange(userGroupRow('ab', '~'), range)).toBe(true);
      expect(inRange(resourceRow('User', 'ab'), range)).toBe(false);
      expect(inRange(userGroupRow('abc', 'g1'), range)).toBe(false);
      expect(inRange(userGroupRow('a', 'b:g1'), range)).toBe(false);
    });
  });

  describe('groupMembersRange', () => {
    const groups = ['ab', 'abc', 'ab-', 'a', 'ab~', 'ab:', ''];
    const users = ['u1', '~', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
    const rows = groups.flatMap((g) => users.map((u) => ({ g, rowKey: groupMemberRow(g, u) })));

    it.each(groups)('holds exactly the member rows of group %j', (g) => {
      const inside = rows.filter((r) => inRange(r.rowKey, groupMembersRange(g)));
      expect(inside.map((r) => r.g)).toEqual(users.map(() => g));
    });

    it('holds no resource row', () => {
      expect(inRange(resourceRow('Group', 'ab'), groupMembersRange('ab'))).toBe(false);
    });
  });

  describe('multiIndexRange', () => {
    const named = ['ab', 'abc', 'ab-', 'ab.', 'ab0', 'a', 'AB', 'ab:', 'ab;', 'ab~', 'ab/', '', 'ab😀', 'ab\u0000'];
    const values = [...new Set([...named, ...randomStrings(11, 60, 4)])];
    const ids = ['1', 'z', '~', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '😀'];
    const rows = values.flatMap((value) => ids.map((id) => ({ value, rowKey: multiIndexRow('User', 'externalId', value, id) })));

    it.each(named)('holds exactly the rows of %j', (value) => {
      const range = multiIndexRange('User', 'externalId', value);
      const inside = rows.filter((r) => inRange(r.rowKey, range));
      expect(inside.map((r) => r.value)).toEqual(ids.map(() => value));
    });

    it('holds exactly the rows of each value across a random sample', () => {
      const wrong = values.filter((value) => {
        const range = multiIndexRange('User', 'externalId', value);
        const inside = rows.filter((r) => inRange(r.rowKey, range));
        return inside.length !== ids.length || inside.some((r) => r.value !== value);
      });
      expect(wrong).toEqual([]);
    });

    it('does not reach into another attribute or resource type', () => {
      const range = multiIndexRange('User', 'externalId', 'ab');
      expect(inRange(multiIndexRow('Group', 'externalId', 'ab', '1'), range)).toBe(false);
      expect(inRange(multiIndexRow('User', 'externalIdx', 'ab', '1'), range)).toBe(false);
    });

    it('is [prefix:, prefix;)', () => {
      expect(multiIndexRange('User', 'externalId', 'ab')).toEqual({ from: 'mix:user:externalId:ab:', to: 'mix:user:externalId:ab;' });
    });
  });

  describe('the 1 KiB key limit', () => {
    /** Characters of a resource row key that are not the id. */
    const overhead = resourceRow('User', '').length;
    const safeRoom = (prefix: string) => MAX_KEY_CHARS - prefix.length;

    it('accepts a key of exactly 1,024 characters', () => {
      expect(resourceRow('User', 'a'.repeat(MAX_KEY_CHARS - overhead))).toHaveLength(MAX_KEY_CHARS);
      expect(keyRow('k'.repeat(safeRoom('key:')))).toHaveLength(MAX_KEY_CHARS);
    });

    it.each<[string, () => unknown, string]>([
      ['an id one character too long', () => resourceRow('User', 'a'.repeat(MAX_KEY_CHARS - overhead + 1)), 'id'],
      ['a key id one character too long', () => keyRow('k'.repeat(safeRoom('key:') + 1)), 'key id'],
      ['a membership row of a long group id', () => userGroupRow('u1', 'g'.repeat(1011)), 'group id'],
      ['a member row of a long user id', () => groupMemberRow('g1', 'u'.repeat(1020)), 'member id'],
      ['the members range of a long group id', () => groupMembersRange('g'.repeat(1030)), 'group id'],
      ['an id that is short but long once encoded', () => resourceRow('User', '#'.repeat(340)), 'id'],
      ['an astral-plane id long once encoded', () => resourceRow('User', '😀'.repeat(90)), 'id'],
      ['a userName', () => uniqueIndexRow('User', 'userName', `${'x'.repeat(1100)}@contoso.example`), 'userName'],
      ['a group displayName', () => uniqueIndexRow('Group', 'displayName', 'é'.repeat(200)), 'displayName'],
      ['an externalId row', () => multiIndexRow('User', 'externalId', 'e'.repeat(1000), 'a'.repeat(40)), 'externalId'],
      ['an externalId range', () => multiIndexRange('User', 'externalId', 'e'.repeat(1100)), 'externalId'],
      ['a key id', () => keyRow('k'.repeat(1100)), 'key id'],
    ])('rejects %s with 400 invalidValue naming it', (_, build, what) => {
      const error = scimErrorOf(build);
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidValue');
      expect(error.detail).toContain(what);
    });
  });
});
