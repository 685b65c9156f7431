import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../shared/scim/errors';
import type { AttrPath, CompareOp, Filter, Literal } from '../../../../shared/scim/filter/ast';
import { parseFilter } from '../../../../shared/scim/filter/parse-filter';
import { parsePatchPath } from '../../../../shared/scim/filter/parse-path';
import { printFilter, printPatchPath } from '../../../../shared/scim/filter/print-filter';
import { and, cmp, ENTERPRISE, not, or, pr, RFC_EXAMPLES, seededRandom, vp } from './support';

const OPS: CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
/** Names include words that are keywords elsewhere; `not` is the one name the grammar reserves. */
const NAMES = ['userName', 'emails', 'meta', 'x', '$ref', 'a-b_c9', 'And', 'OR', 'pr', 'eq', 'true', 'null', 'urn'];
const URIS = ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, 'urn:a:b'];
const STRING_PARTS = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', 'é', '😀', '\ud800', ']', ')', ' and ', 'null', '1'];

/** Random filter trees from a seeded PRNG: the same trees on every run. */
function generator(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const chance = (p: number) => random() < p;

  const name = (): string => (chance(0.7) ? pick(NAMES) : `n${Math.floor(random() * 1000)}`);
  const attrPath = (sub: boolean): AttrPath => {
    const p: AttrPath = { name: name() };
    if (chance(0.2)) p.uri = pick(URIS);
    if (sub && chance(0.4)) p.sub = name();
    return p;
  };
  const number = (): number => {
    const n = pick([() => Math.floor(random() * 2000) - 1000, () => Math.round(random() * 1e6) / 100, () => random() * 1e25, () => random() / 1e7])();
    return n === 0 ? 0 : n;
  };
  const literal = (): Literal => {
    const kind = Math.floor(random() * 5);
    if (kind === 0) return number();
    if (kind === 1) return chance(0.5);
    if (kind === 2) return null;
    return Array.from({ length: Math.floor(random() * 6) }, () => pick(STRING_PARTS)).join('');
  };
  const filter = (depth: number, inBrackets: boolean): Filter => {
    const kind = depth <= 0 ? Math.floor(random() * 2) : Math.floor(random() * 6);
    switch (kind) {
      case 0:
        return { kind: 'compare', path: attrPath(true), op: pick(OPS), value: literal() };
      case 1:
        return { kind: 'present', path: attrPath(true) };
      case 2:
        return { kind: 'not', filter: filter(depth - 1, inBrackets) };
      case 3:
        return { kind: 'and', left: filter(depth - 1, inBrackets), right: filter(depth - 1, inBrackets) };
      case 4:
        return { kind: 'or', left: filter(depth - 1, inBrackets), right: filter(depth - 1, inBrackets) };
      default:
        if (inBrackets) return filter(depth - 1, true);
        return { kind: 'valuePath', path: attrPath(false), filter: filter(depth - 1, true) };
    }
  };
  return { filter: () => filter(5, false), pick, random };
}

describe('printFilter', () => {
  it.each<[Filter, string]>([
    [cmp('userName', 'eq', 'bjensen'), 'userName eq "bjensen"'],
    [and(pr('a'), or(pr('b'), pr('c'))), 'a pr and (b pr or c pr)'],
    [or(pr('a'), and(pr('b'), pr('c'))), 'a pr or b pr and c pr'],
    [and(and(pr('a'), pr('b')), pr('c')), 'a pr and b pr and c pr'],
    [and(pr('a'), and(pr('b'), pr('c'))), 'a pr and (b pr and c pr)'],
    [or(and(pr('a'), pr('b')), pr('c')), 'a pr and b pr or c pr'],
    [not(or(pr('a'), pr('b'))), 'not (a pr or b pr)'],
    [vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'eq', 'x'))), 'emails[type eq "work" and value eq "x"]'],
    [cmp('a', 'eq', 'say "hi"\n\\'), 'a eq "say \\"hi\\"\\n\\\\"'],
    [cmp('a', 'ge', 1.5), 'a ge 1.5'],
    [cmp('a', 'eq', null), 'a eq null'],
    [{ kind: 'compare', path: { uri: ENTERPRISE, name: 'manager', sub: 'value' }, op: 'eq', value: 'm' }, `${ENTERPRISE}:manager.value eq "m"`],
  ])('prints %j as %s', (tree, text) => {
    expect(printFilter(tree)).toBe(text);
  });

  it('prints every RFC example back to a filter with the same tree', () => {
    for (const text of RFC_EXAMPLES) expect(parseFilter(printFilter(parseFilter(text)))).toEqual(parseFilter(text));
  });

  it('property: random trees printed and parsed back are the same tree (seed 20260101, 3000 trees)', () => {
    const gen = generator(20260101);
    for (let i = 0; i < 3000; i++) {
      const tree = gen.filter();
      const text = printFilter(tree);
      expect({ text, tree: parseFilter(text) }).toEqual({ text, tree });
    }
  });

  it('property: PATCH paths printed and parsed back are the same path', () => {
    const gen = generator(42);
    for (let i = 0; i < 500; i++) {
      const inner = gen.filter();
      const attr = { name: gen.pick(['emails', 'members', 'roles']) };
      const path = gen.random() < 0.5 ? { attr, filter: stripValuePaths(inner) } : { attr, filter: stripValuePaths(inner), sub: 'value' };
      expect(parsePatchPath(printPatchPath(path))).toEqual(path);
    }
  });

  it('fuzz: random and mutated text never throws anything but invalidFilter, and what parses prints back to itself (seed 99)', () => {
    const tokens = ['(', ')', '[', ']', '"', '\\', ' ', 'a', 'b.c', 'eq', 'pr', 'and', 'or', 'not', 'True', '1.5', '.', ':', 'urn:x:y:z', '\\u00', '\n', 'é', '"x"'];
    const gen = generator(99);
    const randomText = () => Array.from({ length: 1 + Math.floor(gen.random() * 12) }, () => gen.pick(tokens)).join(gen.random() < 0.5 ? ' ' : '');
    const mutatedText = () => {
      const text = printFilter(gen.filter());
      const at = Math.floor(gen.random() * text.length);
      const cut = Math.floor(gen.random() * 3);
      return text.slice(0, at) + (gen.random() < 0.5 ? gen.pick(tokens) : '') + text.slice(at + cut);
    };
    let parsed = 0;
    const surprises: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const text = i % 2 === 0 ? randomText() : mutatedText();
      let tree: Filter;
      try {
        tree = parseFilter(text);
      } catch (e) {
        if (!(e instanceof ScimError) || e.scimType !== 'invalidFilter') surprises.push(`${JSON.stringify(text)} threw ${String(e)}`);
        continue;
      }
      parsed++;
      const again = printFilter(parseFilter(printFilter(tree)));
      if (again !== printFilter(tree)) surprises.push(`${JSON.stringify(text)} printed unstably`);
    }
    expect(surprises).toEqual([]);
    expect(parsed).toBeGreaterThan(1000);
  });

  it('prints a 50k-term chain without deep recursion', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `id eq "u${i}"`).join(' or ');
    expect(printFilter(parseFilter(text, { maxLength: 10_000_000 }))).toBe(text);
  });
});

/** Value filters hold no value filter (RFC 7644 errata 4690): replace inner ones by their filter. */
function stripValuePaths(filter: Filter): Filter {
  switch (filter.kind) {
    case 'valuePath':
      return stripValuePaths(filter.filter);
    case 'not':
      return { kind: 'not', filter: stripValuePaths(filter.filter) };
    case 'and':
    case 'or':
      return { kind: filter.kind, left: stripValuePaths(filter.left), right: stripValuePaths(filter.right) };
    default:
      return filter;
  }
}
