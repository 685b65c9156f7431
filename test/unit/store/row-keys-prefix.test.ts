import { describe, expect, it } from 'vitest';
import { uniqueIndexPrefixRange, uniqueIndexRow, uniqueIndexValue } from '../../../shared/store/row-keys';
import { randomStrings } from './random-strings';

/** Table Storage compares keys ordinally; a range query is `from <= RowKey < to`. */
function inRange(rowKey: string, range: { from: string; to: string }): boolean {
  return rowKey >= range.from && rowKey < range.to;
}

describe('uniqueIndexPrefixRange', () => {
  const values = [
    'ana@contoso.example',
    'Ana.Lopez@contoso.example',
    'ana_fabrikam.example#EXT#@contoso.onmicrosoft.com',
    'anab',
    'an',
    'Zoë@contoso.example',
    'zoe@contoso.example',
    'Éva',
    'éva',
    '李雷@contoso.example',
    ...randomStrings(11, 300, 6),
  ];
  const prefixes = ['a', 'an', 'ANA', 'ana@', 'ana_fabrikam.example#ext#', 'zo', 'ZOË', 'é', 'É', '李', '~', '#', ...values.slice(10, 60), ...values.slice(10, 60).map((v) => [...v].slice(0, 2).join(''))];

  it.each(prefixes.filter((p) => p !== ''))('holds exactly the index rows of values starting with %j, in any case', (prefix) => {
    const range = uniqueIndexPrefixRange('User', 'userName', prefix)!;
    const inside = values.filter((v) => inRange(uniqueIndexRow('User', 'userName', v), range));
    expect(inside).toEqual(values.filter((v) => v.toLowerCase().startsWith(prefix.toLowerCase())));
  });

  it('holds no group index row and no other row kind', () => {
    const range = uniqueIndexPrefixRange('User', 'userName', 'a')!;
    expect(inRange(uniqueIndexRow('Group', 'displayName', 'a'), range)).toBe(false);
    expect(inRange('uix:user:userNamf', range)).toBe(false);
    expect(inRange('res:user:a:', range)).toBe(false);
  });

  it('is undefined when the encoded prefix is longer than any key', () => {
    expect(uniqueIndexPrefixRange('User', 'userName', '李'.repeat(200))).toBeUndefined();
  });

  it('reads the lower-cased value back from an index row', () => {
    const value = 'Ana_Fabrikam.example#EXT#@Contoso.onmicrosoft.com';
    expect(uniqueIndexValue('User', 'userName', uniqueIndexRow('User', 'userName', value))).toBe(value.toLowerCase());
  });
});
