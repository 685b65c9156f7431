/**
 * Tokens of the RFC 7644 §3.4.2.2 filter and §3.5.2 path grammars. A word is any run of
 * characters other than whitespace, brackets, parentheses and '"': attribute paths,
 * operators, keywords and bare values are all words, told apart by the parser from where
 * they stand. Every scan is a single forward pass, so lexing is linear in the input.
 */
export type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: '(' | ')' | '[' | ']'; pos: number }
  | { kind: 'end'; pos: number };

/** Reports a malformed input at a 0-based character offset. */
export type Fail = (detail: string) => never;

const DELIMITERS = new Set(['(', ')', '[', ']']);
const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\f', '\v']);
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const PREVIEW_LENGTH = 40;

/** Quotes a piece of client input for an error detail, cut short so details stay small. */
export function quote(text: string): string {
  const cut = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}...` : text;
  return JSON.stringify(cut);
}

/** How a token reads in an error detail: `")"`, `"userName"`, `string "abc"`, `end of filter`. */
export function describeToken(token: Token, noun: string): string {
  switch (token.kind) {
    case 'word':
      return quote(token.text);
    case 'string':
      return `string ${quote(token.value)}`;
    case 'end':
      return `end of ${noun}`;
    default:
      return `"${token.kind}"`;
  }
}

export class Lexer {
  private offset = 0;
  private peeked: Token | undefined;

  constructor(
    private readonly text: string,
    private readonly fail: Fail,
  ) {}

  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  private scan(): Token {
    const { text } = this;
    while (this.offset < text.length && WHITESPACE.has(text[this.offset])) this.offset++;
    const pos = this.offset;
    if (pos >= text.length) return { kind: 'end', pos };
    const ch = text[pos];
    if (DELIMITERS.has(ch)) {
      this.offset++;
      return { kind: ch as '(' | ')' | '[' | ']', pos };
    }
    if (ch === '"') return this.scanString(pos);
    return this.scanWord(pos);
  }

  private scanWord(pos: number): Token {
    const { text } = this;
    let end = pos;
    while (end < text.length && !isWordBreak(text[end])) end++;
    this.offset = end;
    return { kind: 'word', text: text.slice(pos, end), pos };
  }

  /** RFC 8259 §7 string: escapes \" \\ \/ \b \f \n \r \t \uXXXX; other characters as written. */
  private scanString(pos: number): Token {
    const { text } = this;
    const parts: string[] = [];
    let chunk = pos + 1;
    let i = chunk;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        parts.push(text.slice(chunk, i));
        this.offset = i + 1;
        return { kind: 'string', value: parts.join(''), pos };
      }
      if (ch === '\\') {
        parts.push(text.slice(chunk, i));
        const [decoded, length] = this.escape(i, pos);
        parts.push(decoded);
        i += length;
        chunk = i;
      } else {
        i++;
      }
    }
    return this.fail(`unterminated string starting at position ${pos}`);
  }

  /** Decodes the escape at `at`; returns the character and the escape's length. */
  private escape(at: number, stringPos: number): [string, number] {
    const code = this.text[at + 1];
    if (code === undefined) this.fail(`unterminated string starting at position ${stringPos}`);
    const simple = SIMPLE_ESCAPES[code];
    if (simple !== undefined) return [simple, 2];
    if (code === 'u') {
      const hex = this.text.slice(at + 2, at + 6);
      if (HEX4.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), 6];
      this.fail(`invalid escape "\\u${hex}" at position ${at}: expected 4 hex digits`);
    }
    return this.fail(`invalid escape "\\${code}" at position ${at}`);
  }
}

function isWordBreak(ch: string): boolean {
  return WHITESPACE.has(ch) || DELIMITERS.has(ch) || ch === '"';
}
