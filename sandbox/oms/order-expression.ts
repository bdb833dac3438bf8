// The subset of JSONata the sandbox evaluates for `FromOrders` hook and feed filters:
// paths (mapped over arrays), comparisons (= != > < >= <=), `and`, `or`, parentheses,
// string/number/boolean/null literals, `in [..]` and `$count(path)`. VTEX accepts full
// JSONata; an expression outside this subset is refused at config time so a test never
// silently matches nothing.

type Value = unknown;
type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'path'; steps: string[] }
  | { kind: 'count'; path: string[] }
  | { kind: 'list'; items: Node[] }
  | { kind: 'binary'; op: string; left: Node; right: Node };

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)|(!=|>=|<=|=|>|<|\(|\)|\[|\]|,)|(\$count)|([A-Za-z_][\w.]*))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`unexpected input at ${at}: ${text.slice(at, at + 10)}`);
    tokens.push(match[0].trim());
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: string[]) {}

  parse(): Node {
    const node = this.or();
    if (this.position !== this.tokens.length) throw new Error(`unexpected ${this.tokens[this.position]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private take(expected?: string): string {
    const token = this.tokens[this.position];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`expected ${expected ?? 'a token'}`);
    this.position += 1;
    return token;
  }

  private or(): Node {
    let left = this.and();
    while (this.peek() === 'or') { this.take(); left = { kind: 'binary', op: 'or', left, right: this.and() }; }
    return left;
  }

  private and(): Node {
    let left = this.comparison();
    while (this.peek() === 'and') { this.take(); left = { kind: 'binary', op: 'and', left, right: this.comparison() }; }
    return left;
  }

  private comparison(): Node {
    const left = this.operand();
    const op = this.peek();
    if (op && ['=', '!=', '>', '<', '>=', '<=', 'in'].includes(op)) {
      this.take();
      return { kind: 'binary', op, left, right: this.operand() };
    }
    return left;
  }

  private operand(): Node {
    const token = this.take();
    if (token === '(') { const inner = this.or(); this.take(')'); return inner; }
    if (token === '[') {
      const items: Node[] = [];
      while (this.peek() !== ']') { items.push(this.operand()); if (this.peek() === ',') this.take(); }
      this.take(']');
      return { kind: 'list', items };
    }
    if (token === '$count') {
      this.take('(');
      const path = this.take();
      this.take(')');
      return { kind: 'count', path: path.split('.') };
    }
    if (/^["']/.test(token)) return { kind: 'literal', value: token.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (/^-?\d/.test(token)) return { kind: 'literal', value: Number(token) };
    if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
    if (token === 'null') return { kind: 'literal', value: null };
    if (/^[A-Za-z_]/.test(token)) return { kind: 'path', steps: token.split('.') };
    throw new Error(`unexpected ${token}`);
  }
}

/** JSONata path semantics: arrays are mapped and flattened; missing values disappear. */
function select(document: Value, steps: string[]): Value[] {
  let current: Value[] = [document];
  for (const step of steps) {
    const next: Value[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (typeof item === 'object' && item !== null && step in item) {
          const child: Value = (item as Record<string, Value>)[step];
          if (Array.isArray(child)) next.push(...child);
          else if (child !== undefined) next.push(child);
        }
      }
    }
    current = next;
  }
  return current;
}

function evaluate(node: Node, document: Value): Value[] {
  switch (node.kind) {
    case 'literal': return [node.value];
    case 'path': return select(document, node.steps);
    case 'count': return [select(document, node.path).length];
    case 'list': return node.items.flatMap((item) => evaluate(item, document));
    case 'binary': return [binary(node, document)];
  }
}

function binary(node: Extract<Node, { kind: 'binary' }>, document: Value): boolean {
  if (node.op === 'and') return truthy(evaluate(node.left, document)) && truthy(evaluate(node.right, document));
  if (node.op === 'or') return truthy(evaluate(node.left, document)) || truthy(evaluate(node.right, document));
  const left = evaluate(node.left, document);
  const right = evaluate(node.right, document);
  if (node.op === 'in') return left.some((l) => right.includes(l));
  // A comparison with a sequence is true when any member satisfies it.
  return left.some((l) => right.some((r) => compare(node.op, l, r)));
}

function compare(op: string, left: Value, right: Value): boolean {
  switch (op) {
    case '=': return left === right;
    case '!=': return left !== right;
    default:
      if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) return false;
      if (op === '>') return (left as number) > (right as number);
      if (op === '<') return (left as number) < (right as number);
      if (op === '>=') return (left as number) >= (right as number);
      return (left as number) <= (right as number);
  }
}

function truthy(values: Value[]): boolean {
  return values.some((v) => v !== false && v !== null && v !== 0 && v !== '');
}

export interface OrderExpression {
  source: string;
  test(document: Value): boolean;
}

/** Throws with a readable message when the expression is outside the supported subset. */
export function compileOrderExpression(source: string): OrderExpression {
  const tree = new Parser(tokenize(source)).parse();
  return { source, test: (document) => truthy(evaluate(tree, document)) };
}
