import { describe, expect, it } from 'vitest';
import type { Filter } from '../../../../shared/scim/filter/ast';
import { parseFilter } from '../../../../shared/scim/filter/parse-filter';
import { and, cmp, CORE_USER, ENTERPRISE, expectScimError, not, or, path, pr, RFC_EXAMPLES, vp } from './support';


/** Number of operands of the and/or chain at the root, walked without recursion. */
function chainLength(filter: Filter): number {
  let length = 1;
  let node = filter;
  while ((node.kind === 'and' || node.kind === 'or') && node.kind === filter.kind) {
    length++;
    node = node.left;
  }
  return length;
}

describe('parseFilter', () => {
  describe('RFC 7644 §3.4.2.2 examples', () => {
    it.each(RFC_EXAMPLES)('parses %s', (text) => {
      expect(() => parseFilter(text)).not.toThrow();
    });

    it.each<[string, Filter]>([
      ['userName eq "bjensen"', cmp('userName', 'eq', 'bjensen')],
      ['name.familyName co "O\'Malley"', cmp('name.familyName', 'co', "O'Malley")],
      [
        'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
        { kind: 'compare', path: path('userName', undefined, CORE_USER), op: 'sw', value: 'J' },
      ],
      ['title pr', pr('title')],
      ['title pr and userType eq "Employee"', and(pr('title'), cmp('userType', 'eq', 'Employee'))],
      [
        'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
        and(
          cmp('userType', 'ne', 'Employee'),
          not(or(cmp('emails', 'co', 'example.com'), cmp('emails.value', 'co', 'example.org'))),
        ),
      ],
      [
        'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
        and(
          cmp('userType', 'eq', 'Employee'),
          vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
        ),
      ],
      [
        'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
        or(
          vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
          vp('ims', and(cmp('type', 'eq', 'xmpp'), cmp('value', 'co', '@foo.com'))),
        ),
      ],
    ])('reads %s as the RFC means it', (text, tree) => {
      expect(parseFilter(text)).toEqual(tree);
    });
  });

  describe('Entra forms (ENTRA-DIALECT.md item 10)', () => {
    it.each<[string, Filter]>([
      ['userName eq "6f1f1d2c-9d63-4a4e-8d4c-0f6a2b1c3d4e"', cmp('userName', 'eq', '6f1f1d2c-9d63-4a4e-8d4c-0f6a2b1c3d4e')],
      ['externalId eq jyoung', cmp('externalId', 'eq', 'jyoung')],
      ['userName eq ana@contoso.com', cmp('userName', 'eq', 'ana@contoso.com')],
      ['userName eq ana_contoso.com#EXT#@x.onmicrosoft.com', cmp('userName', 'eq', 'ana_contoso.com#EXT#@x.onmicrosoft.com')],
      ['externalId eq 007', cmp('externalId', 'eq', '007')],
      ['id eq "g" and members eq "u"', and(cmp('id', 'eq', 'g'), cmp('members', 'eq', 'u'))],
      ['id eq "u" and manager eq "m"', and(cmp('id', 'eq', 'u'), cmp('manager', 'eq', 'm'))],
      ['displayName eq "Sales Team"', cmp('displayName', 'eq', 'Sales Team')],
      [
        'emails[type eq "work"].value eq "x"',
        vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'eq', 'x'))),
      ],
      ['emails[type eq "work"].value pr', vp('emails', and(cmp('type', 'eq', 'work'), pr('value')))],
      ['roles[primary eq "True"].value', vp('roles', and(cmp('primary', 'eq', 'True'), pr('value')))],
      [
        'roles[primary eq "True"].value eq "Admin" and active eq true',
        and(vp('roles', and(cmp('primary', 'eq', 'True'), cmp('value', 'eq', 'Admin'))), cmp('active', 'eq', true)),
      ],
      [
        'roles[primary eq "True"].value and title pr',
        and(vp('roles', and(cmp('primary', 'eq', 'True'), pr('value'))), pr('title')),
      ],
      [
        'not (emails[type eq "work"].value ew "@contoso.com")',
        not(vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'ew', '@contoso.com')))),
      ],
      [
        'addresses[type eq "work"].locality eq "Lisbon"',
        vp('addresses', and(cmp('type', 'eq', 'work'), cmp('locality', 'eq', 'Lisbon'))),
      ],
      [
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m"',
        { kind: 'compare', path: path('manager', 'value', ENTERPRISE), op: 'eq', value: 'm' },
      ],
    ])('%s', (text, tree) => {
      expect(parseFilter(text)).toEqual(tree);
    });
  });

  describe('precedence and grouping', () => {
    it.each<[string, Filter]>([
      ['a pr or b pr and c pr', or(pr('a'), and(pr('b'), pr('c')))],
      ['a pr and b pr or c pr', or(and(pr('a'), pr('b')), pr('c'))],
      ['(a pr or b pr) and c pr', and(or(pr('a'), pr('b')), pr('c'))],
      ['a pr or b pr or c pr', or(or(pr('a'), pr('b')), pr('c'))],
      ['a pr and b pr and c pr', and(and(pr('a'), pr('b')), pr('c'))],
      ['a pr and (b pr and c pr)', and(pr('a'), and(pr('b'), pr('c')))],
      ['not (a pr) and b pr', and(not(pr('a')), pr('b'))],
      ['not (a pr or b pr)', not(or(pr('a'), pr('b')))],
      ['((a pr))', pr('a')],
      ['emails[type eq "work" or (type eq "home" and value ew "@x.com")]',
        vp('emails', or(cmp('type', 'eq', 'work'), and(cmp('type', 'eq', 'home'), cmp('value', 'ew', '@x.com'))))],
      ['emails[not (type eq "work")]', vp('emails', not(cmp('type', 'eq', 'work')))],
    ])('%s', (text, tree) => {
      expect(parseFilter(text)).toEqual(tree);
    });
  });

  describe('case, spacing and literals', () => {
    it.each<[string, Filter]>([
      ['USERNAME EQ "x"', cmp('USERNAME', 'eq', 'x')],
      ['title PR AND userType Ne "x" OR NOT (a Pr)', or(and(pr('title'), cmp('userType', 'ne', 'x')), not(pr('a')))],
      ['Emails[Type eQ "work"].Value CO "x"', { kind: 'valuePath', path: path('Emails'), filter: and(cmp('Type', 'eq', 'work'), cmp('Value', 'co', 'x')) }],
      ['  userName \t eq\n"x"  ', cmp('userName', 'eq', 'x')],
      ['userName eq"x"', cmp('userName', 'eq', 'x')],
      ['not(title pr)', not(pr('title'))],
      ['emails[ type eq "work" ]', vp('emails', cmp('type', 'eq', 'work'))],
      ['a eq true', cmp('a', 'eq', true)],
      ['a eq TRUE', cmp('a', 'eq', true)],
      ['a eq False', cmp('a', 'eq', false)],
      ['a eq NULL', cmp('a', 'eq', null)],
      ['a eq "true"', cmp('a', 'eq', 'true')],
      ['a eq 42', cmp('a', 'eq', 42)],
      ['a ge -1.5', cmp('a', 'ge', -1.5)],
      ['a lt 1e+21', cmp('a', 'lt', 1e21)],
      ['a eq 0', cmp('a', 'eq', 0)],
      ['a eq 1.50', cmp('a', 'eq', '1.50')],
      ['a eq 1e3', cmp('a', 'eq', '1e3')],
      ['a eq 0x10', cmp('a', 'eq', '0x10')],
      ['a eq and', cmp('a', 'eq', 'and')],
      ['members.$ref pr', pr('members.$ref')],
      ['a-b_c9 pr', pr('a-b_c9')],
    ])('%s', (text, tree) => {
      expect(parseFilter(text)).toEqual(tree);
    });
  });

  describe('string escapes (RFC 8259 §7)', () => {
    it.each<[string, string]>([
      ['"a\\"b"', 'a"b'],
      ['"back\\\\slash"', 'back\\slash'],
      ['"\\/"', '/'],
      ['"\\b\\f\\n\\r\\t"', '\b\f\n\r\t'],
      ['"\\u00e9\\u00C9"', 'éÉ'],
      ['"\\uD83D\\uDE00"', '😀'],
      ['"José 😀"', 'José 😀'],
      ['""', ''],
      ['"a (b) [c] and d or e"', 'a (b) [c] and d or e'],
      ['"raw\ttab"', 'raw\ttab'],
    ])('decodes %s', (literal, value) => {
      expect(parseFilter(`displayName eq ${literal}`)).toEqual(cmp('displayName', 'eq', value));
    });
  });

  describe('rejections', () => {
    it.each<[string, string[]]>([
      ['', ['filter is empty']],
      [' \n\t ', ['filter is empty']],
      ['userName', ['expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) at position 8, found end of filter']],
      ['userName eq', ['expected a value after "eq" at position 11, found end of filter']],
      ['userName eq "bjensen', ['unterminated string starting at position 12']],
      ['userName eq "a\\', ['unterminated string starting at position 12']],
      ['userName xx "a"', ['at position 9, found "xx"']],
      ['userName "x"', ['expected an operator', 'at position 9, found string "x"']],
      ['userName eq "a")', ['unexpected ")" at position 15']],
      ['userName eq "x" and (title pr))', ['unexpected ")" at position 30']],
      ['emails[type eq "work"]]', ['unexpected "]" at position 22']],
      ['(userName eq "a"', ['expected "and", "or" or ")" at position 16 to close "(" at position 0, found end of filter']],
      ['not (title pr', ['expected "and", "or" or ")" at position 13 to close "(" at position 4']],
      ['emails[type eq "work"', ['expected "and", "or" or "]" at position 21 to close "[" at position 6']],
      ['userName eq "a" and', ['expected an attribute path, "(" or "not" at position 19, found end of filter']],
      ['userName eq "a" or ]', ['expected an attribute path, "(" or "not" at position 19, found "]"']],
      [')', ['expected an attribute path, "(" or "not" at position 0, found ")"']],
      ['()', ['at position 1, found ")"']],
      ['emails[]', ['at position 7, found "]"']],
      ['"userName" eq "x"', ['at position 0, found string "userName"']],
      ['not userName eq "a"', ['expected "(" after "not" at position 4, found "userName"']],
      ['userName eq (', ['expected a value after "eq" at position 12, found "("']],
      ['userName eq "a" "b"', ['expected "and", "or" or end of filter at position 16, found string "b"']],
      ['title pr pr', ['expected "and", "or" or end of filter at position 9, found "pr"']],
      ['emails[type eq "work"] eq "x"', ['expected "and", "or" or end of filter at position 23, found "eq"']],
      ['emails[type eq "work"].value xx "x"', ['expected an operator', 'at position 29, found "xx"']],
      ['emails[type eq "work"].1x eq "x"', ['invalid attribute name "1x" at position 23']],
      ['emails[type eq "work" and x[y eq 1]]', ['nested value filter at position 27']],
      ['name.givenName[x eq 1]', ['unexpected "[" at position 14', 'sub-attribute "givenName"']],
      ['a.b.c eq 1', ['invalid attribute name "b.c" at position 2', 'at most one sub-attribute']],
      ['1abc eq 1', ['invalid attribute name "1abc" at position 0']],
      ['foo:bar eq 1', ['invalid schema URI "foo" at position 0']],
      ['urn:ietf:params:scim:schemas:core:2.0:User: pr', ['invalid attribute name "" at position 43']],
      ['userName eq "a\\x"', ['invalid escape "\\x" at position 14']],
      ['userName eq "\\u12G4"', ['invalid escape "\\u12G4" at position 13', 'expected 4 hex digits']],
    ])('rejects %j', (text, fragments) => {
      expectScimError(() => parseFilter(text), 'invalidFilter', ...fragments);
    });

    it('rejects a non-string filter', () => {
      expectScimError(() => parseFilter(undefined as unknown as string), 'invalidFilter', 'filter must be a string');
    });
  });

  describe('limits', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}title pr${')'.repeat(depth)}`;

    it('rejects input over maxLength, saying the limit', () => {
      expectScimError(() => parseFilter('title pr or '.repeat(400) + 'title pr'), 'invalidFilter', 'filter is longer than 4096 characters');
      expectScimError(() => parseFilter('userName eq "bjensen"', { maxLength: 10 }), 'invalidFilter', 'longer than 10 characters');
    });

    it('accepts nesting up to maxDepth and rejects one level more, at the opening bracket', () => {
      expect(parseFilter(nested(32))).toEqual(pr('title'));
      expectScimError(() => parseFilter(nested(33)), 'invalidFilter', 'filter nests deeper than 32 levels at position 32');
    });

    it.each<[string, number]>([
      ['(((title pr)))', 2],
      ['not (not (not (title pr)))', 14],
      ['((emails[type eq "work"]))', 8],
    ])('counts "(", "not (" and "[" towards maxDepth: %s', (text, position) => {
      expectScimError(() => parseFilter(text, { maxDepth: 2 }), 'invalidFilter', `nests deeper than 2 levels at position ${position}`);
    });
  });

  describe('crafted input finishes fast with invalidFilter', () => {
    const big = { maxLength: 10_000_000 };
    const fast = (fn: () => void) => {
      const start = performance.now();
      fn();
      expect(performance.now() - start).toBeLessThan(1000);
    };

    it('an unterminated string of 100k newlines', () => {
      const text = `userName eq "${'\n'.repeat(100_000)}`;
      fast(() => expectScimError(() => parseFilter(text), 'invalidFilter', 'longer than 4096'));
      fast(() => expectScimError(() => parseFilter(text, big), 'invalidFilter', 'unterminated string starting at position 12'));
    });

    it('10k nested parentheses, "not (" and brackets', () => {
      const parens = `${'('.repeat(10_000)}title pr${')'.repeat(10_000)}`;
      fast(() => expectScimError(() => parseFilter(parens), 'invalidFilter', 'longer than 4096'));
      fast(() => expectScimError(() => parseFilter(parens, big), 'invalidFilter', 'nests deeper than 32 levels at position 32'));
      const nots = `${'not ('.repeat(10_000)}title pr${')'.repeat(10_000)}`;
      fast(() => expectScimError(() => parseFilter(nots, big), 'invalidFilter', 'nests deeper than 32 levels'));
      const opens = `emails${'['.repeat(10_000)}`;
      fast(() => expectScimError(() => parseFilter(opens, big), 'invalidFilter', 'at position 7, found "["'));
      const unclosed = '('.repeat(10_000);
      fast(() => expectScimError(() => parseFilter(unclosed, big), 'invalidFilter', 'nests deeper'));
    });

    it('a 50k-term "and" chain is refused by length, and parses iteratively when allowed', () => {
      const chain = Array.from({ length: 50_000 }, (_, i) => `userName eq "u${i}"`).join(' and ');
      fast(() => expectScimError(() => parseFilter(chain), 'invalidFilter', 'longer than 4096'));
      let tree: Filter = pr('x');
      fast(() => {
        tree = parseFilter(chain, big);
      });
      expect(chainLength(tree)).toBe(50_000);
    });

    it('a 50k-term "or" chain of "and" pairs parses', () => {
      const chain = Array.from({ length: 50_000 }, (_, i) => `a eq ${i} and b pr`).join(' or ');
      const tree = parseFilter(chain, big);
      expect(chainLength(tree)).toBe(50_000);
      expect(tree.kind).toBe('or');
    });

    it('long attribute names, values and escapes, with short details', () => {
      const name = 'a'.repeat(100_000);
      fast(() => expect(parseFilter(`${name} pr`, big)).toEqual(pr(name)));
      fast(() => expect(parseFilter(`userName eq ${'x'.repeat(100_000)}`, big)).toEqual(cmp('userName', 'eq', 'x'.repeat(100_000))));
      fast(() => expect(parseFilter(`userName eq "${'\\u0041'.repeat(50_000)}"`, big)).toEqual(cmp('userName', 'eq', 'A'.repeat(50_000))));
      for (const bad of [`9${name} pr`, `${':'.repeat(100_000)} pr`, `${'a.'.repeat(50_000)} pr`, `a eq ${'a'.repeat(100_000)} junk`]) {
        fast(() => {
          const error = expectScimError(() => parseFilter(bad, big), 'invalidFilter');
          expect(error.detail.length).toBeLessThan(200);
        });
      }
    });
  });
});
