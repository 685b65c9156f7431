import type { ScimError } from '../errors';
import type { AttrPath, CompareOp, Filter, Literal } from './ast';
import { describeToken, Lexer, quote, type Token } from './lexer';

export interface ParseLimits {
  /** Longest accepted input, in UTF-16 code units. Default 4096. */
  maxLength?: number;
  /** Deepest nesting of "(", "not (" and "[" groups. Default 32, at most 256. */
  maxDepth?: number;
}

/** What is being parsed: names it in details and picks the error factory. */
export interface Dialect {
  noun: 'filter' | 'path';
  error: (detail: string) => ScimError;
}

export const DEFAULT_MAX_LENGTH = 4096;
export const DEFAULT_MAX_DEPTH = 32;
/** Keeps every recursive walk of a parsed tree far from the stack limit. */
const MAX_DEPTH_CEILING = 256;

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, ge, lt, le or pr';
/** ATTRNAME = ALPHA *(nameChar), RFC 7643 §2.1; `$ref` is the reserved sub-attribute name. */
const ATTR_NAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;
const SCHEMA_URI = /^urn:[^:]+:[^:]/i;
/** RFC 8259 §6 number. */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * Recursive descent over RFC 7644 §3.4.2.2 (with errata 4690/7322: a value filter holds no
 * value filter) and §3.5.2 PATH. "and" binds tighter than "or"; both chains are built
 * left-associatively in loops, so only explicit nesting recurses, and that is bounded by
 * maxDepth. One token of lookahead; every token is read once, so parsing is linear.
 */
export class FilterParser {
  private readonly lexer: Lexer;
  private readonly maxDepth: number;
  private depth = 0;

  constructor(
    text: unknown,
    private readonly dialect: Dialect,
    limits: ParseLimits = {},
  ) {
    const maxLength = limits.maxLength ?? DEFAULT_MAX_LENGTH;
    this.maxDepth = Math.min(limits.maxDepth ?? DEFAULT_MAX_DEPTH, MAX_DEPTH_CEILING);
    if (typeof text !== 'string') this.fail(`${dialect.noun} must be a string`);
    if (text.length > maxLength) this.fail(`${dialect.noun} is longer than ${maxLength} characters`);
    if (text.trim() === '') this.fail(`${dialect.noun} is empty`);
    this.lexer = new Lexer(text, (detail) => this.fail(detail));
  }

  fail(detail: string): never {
    throw this.dialect.error(detail);
  }

  /** FILTER, up to the first token that cannot continue it. */
  filter(): Filter {
    return this.orChain(false);
  }

  /** attrPath = [URI ":"] ATTRNAME *1subAttr, as one word. */
  attrPath(): AttrPath {
    const token = this.lexer.next();
    if (token.kind !== 'word') this.unexpected(token, 'an attribute path');
    return this.toAttrPath(token.text, token.pos);
  }

  /** If a "[" follows, reads `[valFilter]` (the "[" included) and returns the filter. */
  bracketFilter(path: AttrPath): Filter | undefined {
    const open = this.lexer.peek();
    if (open.kind !== '[') return undefined;
    if (path.sub !== undefined) {
      this.fail(`unexpected "[" at position ${open.pos}: a value filter cannot follow the sub-attribute ${quote(path.sub)}`);
    }
    this.lexer.next();
    this.enter(open);
    const filter = this.orChain(true);
    this.close(']', open);
    return filter;
  }

  /** If a ".name" word follows "]", reads it and returns the sub-attribute name. */
  subAfterBracket(): string | undefined {
    const token = this.lexer.peek();
    if (token.kind !== 'word' || !token.text.startsWith('.')) return undefined;
    this.lexer.next();
    return this.checkName(token.text.slice(1), token.pos + 1);
  }

  expectEnd(): void {
    const token = this.lexer.next();
    if (token.kind === 'end') return;
    if (token.kind === ')' || token.kind === ']') {
      this.fail(`unexpected "${token.kind}" at position ${token.pos}: nothing to close`);
    }
    const expected = this.dialect.noun === 'filter' ? '"and", "or" or end of filter' : 'end of path';
    this.unexpected(token, expected);
  }

  private orChain(inBrackets: boolean): Filter {
    let left = this.andChain(inBrackets);
    while (this.atKeyword('or')) {
      this.lexer.next();
      left = { kind: 'or', left, right: this.andChain(inBrackets) };
    }
    return left;
  }

  private andChain(inBrackets: boolean): Filter {
    let left = this.term(inBrackets);
    while (this.atKeyword('and')) {
      this.lexer.next();
      left = { kind: 'and', left, right: this.term(inBrackets) };
    }
    return left;
  }

  /** `not` is always the keyword, so it cannot name an attribute (no SCIM schema uses it). */
  private term(inBrackets: boolean): Filter {
    const token = this.lexer.next();
    if (token.kind === '(') return this.group(token, inBrackets);
    if (token.kind !== 'word') this.unexpected(token, 'an attribute path, "(" or "not"');
    if (token.text.toLowerCase() === 'not') {
      const open = this.lexer.next();
      if (open.kind !== '(') this.unexpected(open, '"(" after "not"');
      return { kind: 'not', filter: this.group(open, inBrackets) };
    }
    return this.attrExp(token, inBrackets);
  }

  private group(open: Token, inBrackets: boolean): Filter {
    this.enter(open);
    const filter = this.orChain(inBrackets);
    this.close(')', open);
    return filter;
  }

  /** attrExp or valuePath; after "]", Entra's `.sub op value` joins the bracket's filter. */
  private attrExp(token: Token & { kind: 'word' }, inBrackets: boolean): Filter {
    const path = this.toAttrPath(token.text, token.pos);
    if (this.lexer.peek().kind === '[') {
      if (inBrackets) this.fail(`nested value filter at position ${this.lexer.peek().pos}: a value filter cannot contain another`);
      const filter = this.bracketFilter(path) as Filter;
      const sub = this.subAfterBracket();
      if (sub === undefined) return { kind: 'valuePath', path, filter };
      return { kind: 'valuePath', path, filter: { kind: 'and', left: filter, right: this.subTest(sub) } };
    }
    return this.comparison(path);
  }

  /** `emails[...].value eq "x"` compares value; `roles[...].value` alone asks for presence. */
  private subTest(sub: string): Filter {
    const next = this.lexer.peek();
    const isOperator = next.kind === 'word' && !this.atKeyword('and') && !this.atKeyword('or');
    return isOperator ? this.comparison({ name: sub }) : { kind: 'present', path: { name: sub } };
  }

  private comparison(path: AttrPath): Filter {
    const token = this.lexer.next();
    const op = token.kind === 'word' ? token.text.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.has(op)) this.unexpected(token, `an operator (${OPERATOR_LIST})`);
    return { kind: 'compare', path, op: op as CompareOp, value: this.literal(op) };
  }

  /** compValue = false / null / true / number / string; a bare word is taken as Entra means it. */
  private literal(op: string): Literal {
    const token = this.lexer.next();
    if (token.kind === 'string') return token.value;
    if (token.kind !== 'word') this.unexpected(token, `a value after "${op}"`);
    return bareLiteral(token.text);
  }

  private toAttrPath(text: string, pos: number): AttrPath {
    let uri: string | undefined;
    let rest = text;
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      uri = text.slice(0, colon);
      rest = text.slice(colon + 1);
      if (!SCHEMA_URI.test(uri)) this.fail(`invalid schema URI ${quote(uri)} at position ${pos}`);
    }
    const restPos = pos + text.length - rest.length;
    const dot = rest.indexOf('.');
    const path: AttrPath = { name: this.checkName(dot < 0 ? rest : rest.slice(0, dot), restPos) };
    if (uri !== undefined) path.uri = uri;
    if (dot >= 0) path.sub = this.checkName(rest.slice(dot + 1), restPos + dot + 1);
    return path;
  }

  private checkName(name: string, pos: number): string {
    if (ATTR_NAME.test(name)) return name;
    const what = name.includes('.') ? 'at most one sub-attribute is allowed' : 'not an attribute name';
    return this.fail(`invalid attribute name ${quote(name)} at position ${pos}: ${what}`);
  }

  private close(kind: ')' | ']', open: Token): void {
    const token = this.lexer.next();
    if (token.kind === kind) {
      this.depth--;
      return;
    }
    const found = describeToken(token, this.dialect.noun);
    this.fail(
      `expected "and", "or" or "${kind}" at position ${token.pos} to close "${open.kind}" at position ${open.pos}, found ${found}`,
    );
  }

  private enter(open: Token): void {
    this.depth++;
    if (this.depth > this.maxDepth) {
      this.fail(`${this.dialect.noun} nests deeper than ${this.maxDepth} levels at position ${open.pos}`);
    }
  }

  private atKeyword(keyword: 'and' | 'or'): boolean {
    const token = this.lexer.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private unexpected(token: Token, expected: string): never {
    return this.fail(`expected ${expected} at position ${token.pos}, found ${describeToken(token, this.dialect.noun)}`);
  }
}

/**
 * An unquoted value: true/false/null in any case; a number when written as JSON writes it
 * (so it prints back the same); anything else is the string as written
 * (`externalId eq jyoung`, `userName eq ana@contoso.com`, `externalId eq 007`).
 */
export function bareLiteral(text: string): Literal {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (JSON_NUMBER.test(text) && String(Number(text)) === text) return Number(text);
  return text;
}
