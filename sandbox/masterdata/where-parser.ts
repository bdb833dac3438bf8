// Master Data v1 `_where` conditions: `field=value`, `<>`, `>`, `<`, `field between A AND B`,
// `field is [not] null`, joined by AND/OR with parentheses (AND binds tighter than OR).
// Values may be quoted ("Ana Maria") and text values may use `*` wildcards. Anything else is a
// WhereError, which the routes answer with 400 like Master Data does for a bad query.

import { CL_FIELDS, isClField, parseDateMs, type ClField } from './cl-fields';

export class WhereError extends Error {}

export type Comparison = '=' | '<>' | '>' | '<';

export type WhereValue =
  | { kind: 'text'; text: string; lower: string; wildcard: RegExp | undefined }
  | { kind: 'date'; ms: number; wholeDay: boolean }
  | { kind: 'boolean'; value: boolean };

export type WhereNode =
  | { kind: 'and' | 'or'; left: WhereNode; right: WhereNode }
  | { kind: 'compare'; field: ClField; op: Comparison; value: WhereValue }
  | { kind: 'between'; field: ClField; low: WhereValue; high: WhereValue }
  | { kind: 'null'; field: ClField; negated: boolean };

type Token =
  | { type: 'open' | 'close'; at: number }
  | { type: 'op'; op: string; at: number }
  | { type: 'word'; text: string; quoted: boolean; at: number };

const DAY_MS = 86_400_000;
const WORD_END = /[\s()=<>!"']/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source.charAt(i);
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ type: char === '(' ? 'open' : 'close', at: i });
      i += 1;
    } else if (char === '=' || char === '<' || char === '>' || char === '!') {
      const two = source.slice(i, i + 2);
      const op = ['<>', '>=', '<=', '!='].includes(two) ? two : char;
      tokens.push({ type: 'op', op, at: i });
      i += op.length;
    } else if (char === '"' || char === "'") {
      const end = source.indexOf(char, i + 1);
      if (end < 0) throw new WhereError(`Unterminated quoted value at position ${i}`);
      tokens.push({ type: 'word', text: source.slice(i + 1, end), quoted: true, at: i });
      i = end + 1;
    } else {
      let end = i;
      while (end < source.length && !WORD_END.test(source.charAt(end))) end += 1;
      tokens.push({ type: 'word', text: source.slice(i, end), quoted: false, at: i });
      i = end;
    }
  }
  return tokens;
}

function wildcardPattern(lower: string): RegExp | undefined {
  if (!lower.includes('*')) return undefined;
  const body = lower.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 's');
}

function typedValue(field: ClField, text: string): WhereValue {
  const kind = CL_FIELDS[field];
  if (kind === 'boolean') {
    const lower = text.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw new WhereError(`Field ${field} is boolean: '${text}' is not true or false`);
    return { kind: 'boolean', value: lower === 'true' };
  }
  if (kind === 'date') {
    const ms = parseDateMs(text);
    if (ms === undefined) throw new WhereError(`Field ${field} is a date: '${text}' is not a date`);
    return { kind: 'date', ms, wholeDay: text.length === 10 };
  }
  const lower = text.toLowerCase();
  return { kind: 'text', text, lower, wildcard: wildcardPattern(lower) };
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): WhereNode {
    const node = this.orExpression();
    const rest = this.tokens[this.position];
    if (rest) throw new WhereError(`Unexpected ${describe(rest)} at position ${rest.at}`);
    return node;
  }

  private orExpression(): WhereNode {
    let node = this.andExpression();
    while (this.keyword('or')) node = { kind: 'or', left: node, right: this.andExpression() };
    return node;
  }

  private andExpression(): WhereNode {
    let node = this.primary();
    while (this.keyword('and')) node = { kind: 'and', left: node, right: this.primary() };
    return node;
  }

  private primary(): WhereNode {
    const token = this.next('a condition');
    if (token.type === 'open') {
      const inner = this.orExpression();
      const close = this.next("')'");
      if (close.type !== 'close') throw new WhereError(`Expected ')' at position ${close.at}`);
      return inner;
    }
    if (token.type !== 'word' || token.quoted) throw new WhereError(`Expected a field name at position ${token.at}`);
    const field = token.text;
    if (!isClField(field)) throw new WhereError(`Field '${field}' is not filterable in data entity CL`);
    if (this.keyword('between')) {
      const low = typedValue(field, this.value());
      if (!this.keyword('and')) throw new WhereError(`Expected AND in 'between' for field ${field}`);
      return { kind: 'between', field, low, high: typedValue(field, this.value()) };
    }
    if (this.keyword('is')) {
      const negated = this.keyword('not');
      if (!this.keyword('null')) throw new WhereError(`Expected 'null' after 'is' for field ${field}`);
      return { kind: 'null', field, negated };
    }
    const op = this.next('an operator');
    if (op.type !== 'op') throw new WhereError(`Expected an operator after ${field} at position ${op.at}`);
    if (op.op !== '=' && op.op !== '<>' && op.op !== '>' && op.op !== '<') throw new WhereError(`Operator '${op.op}' is not supported`);
    return { kind: 'compare', field, op: op.op, value: typedValue(field, this.value()) };
  }

  private value(): string {
    const token = this.next('a value');
    if (token.type !== 'word' || token.text === '') throw new WhereError(`Expected a value at position ${token.at}`);
    return token.text;
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.position];
    if (token?.type === 'word' && !token.quoted && token.text.toLowerCase() === word) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private next(expected: string): Token {
    const token = this.tokens[this.position];
    if (!token) throw new WhereError(`Expected ${expected} at the end of the condition`);
    this.position += 1;
    return token;
  }
}

function describe(token: Token): string {
  if (token.type === 'word') return `'${token.text}'`;
  if (token.type === 'op') return `'${token.op}'`;
  return token.type === 'open' ? "'('" : "')'";
}

export function parseWhere(source: string): WhereNode {
  const tokens = tokenize(source);
  if (tokens.length === 0) throw new WhereError('Empty condition');
  return new Parser(tokens).parse();
}

/** The [from, to) instants a date value stands for: a whole UTC day for "2024-06-01". */
export function dateSpan(value: { ms: number; wholeDay: boolean }): [number, number] {
  return [value.ms, value.wholeDay ? value.ms + DAY_MS : value.ms + 1];
}
