import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../shared/scim/errors';
import { Lexer, quote, type Token } from '../../../../shared/scim/filter/lexer';
import { expectScimError } from './support';

function tokens(text: string): Token[] {
  const lexer = new Lexer(text, (detail) => {
    throw ScimError.invalidFilter(detail);
  });
  const out: Token[] = [];
  for (let token = lexer.next(); ; token = lexer.next()) {
    out.push(token);
    if (token.kind === 'end') return out;
  }
}

describe('Lexer', () => {
  it('splits words at whitespace, brackets, parentheses and quotes, with 0-based positions', () => {
    expect(tokens('emails[type eq"work"].value ne x)')).toEqual([
      { kind: 'word', text: 'emails', pos: 0 },
      { kind: '[', pos: 6 },
      { kind: 'word', text: 'type', pos: 7 },
      { kind: 'word', text: 'eq', pos: 12 },
      { kind: 'string', value: 'work', pos: 14 },
      { kind: ']', pos: 20 },
      { kind: 'word', text: '.value', pos: 21 },
      { kind: 'word', text: 'ne', pos: 28 },
      { kind: 'word', text: 'x', pos: 31 },
      { kind: ')', pos: 32 },
      { kind: 'end', pos: 33 },
    ]);
  });

  it('keeps URNs, dots, @ and # inside one word', () => {
    expect(tokens('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value ana#EXT#@x.com')).toEqual([
      { kind: 'word', text: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value', pos: 0 },
      { kind: 'word', text: 'ana#EXT#@x.com', pos: 73 },
      { kind: 'end', pos: 87 },
    ]);
  });

  it('peeks without consuming', () => {
    const lexer = new Lexer('a b', () => {
      throw new Error('unreachable');
    });
    expect(lexer.peek()).toEqual(lexer.next());
    expect(lexer.next()).toEqual({ kind: 'word', text: 'b', pos: 2 });
  });

  it.each<[string, string]>([
    ['"abc', 'unterminated string starting at position 0'],
    ['x "a\\', 'unterminated string starting at position 2'],
    ['"\\q"', 'invalid escape "\\q" at position 1'],
    ['"\\u12"', 'invalid escape "\\u12"" at position 1: expected 4 hex digits'],
  ])('rejects %j', (text, fragment) => {
    expectScimError(() => tokens(text), 'invalidFilter', fragment);
  });
});

describe('quote', () => {
  it('cuts long input short for error details', () => {
    expect(quote('a'.repeat(1000))).toBe(`"${'a'.repeat(40)}..."`);
    expect(quote('say "hi"')).toBe('"say \\"hi\\""');
  });
});
