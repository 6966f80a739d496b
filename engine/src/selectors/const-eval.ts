/**
 * Evaluates the integer constant expressions that can stand in an array length (`T[N]`, `T[2 * N]`,
 * `T[Lib.N + 1]`): integer literals (decimal, hex, `_`, scientific), references to constants (their initializers
 * evaluated in their own scope), `+ - * / % ** << >> & | ^ ~`, parentheses and integer casts like `uint8(3)`.
 * Anything else gives undefined: the caller then cannot name the type, rather than guessing it.
 */
import { tokenize, type Token } from '../syntax/tokenizer';
import type { Scope } from '../workspace/declarations';
import type { Workspace } from '../workspace/workspace';

const UNITS: Record<string, bigint> = {
  wei: 1n,
  gwei: 10n ** 9n,
  ether: 10n ** 18n,
  seconds: 1n,
  minutes: 60n,
  hours: 3600n,
  days: 86400n,
  weeks: 604800n,
};

function parseNumber(text: string): bigint | undefined {
  const t = text.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
  const m = /^(\d+)(?:\.(\d+))?(?:[eE](\d+))?$/.exec(t);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const exp = BigInt(m[3] ?? '0') - BigInt(frac.length);
  const digits = BigInt(m[1] + frac);
  if (exp >= 0n) return digits * 10n ** exp;
  const div = 10n ** -exp;
  return digits % div === 0n ? digits / div : undefined;
}

const BINARY: { ops: string[]; apply: (a: bigint, b: bigint, op: string) => bigint | undefined }[] = [
  { ops: ['|'], apply: (a, b) => a | b },
  { ops: ['^'], apply: (a, b) => a ^ b },
  { ops: ['&'], apply: (a, b) => a & b },
  { ops: ['<<', '>>'], apply: (a, b, op) => (b < 0n ? undefined : op === '<<' ? a << b : a >> b) },
  { ops: ['+', '-'], apply: (a, b, op) => (op === '+' ? a + b : a - b) },
  {
    ops: ['*', '/', '%'],
    apply: (a, b, op) => (op === '*' ? a * b : b === 0n ? undefined : op === '/' ? a / b : a % b),
  },
];

class Evaluator {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly ws: Workspace,
    private readonly scope: Scope,
    private readonly visiting: Set<object>,
  ) {}

  run(): bigint | undefined {
    const v = this.binary(0);
    return this.i === this.tokens.length ? v : undefined;
  }

  private is(text: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind !== 'string' && t.text === text;
  }

  private binary(level: number): bigint | undefined {
    if (level === BINARY.length) return this.power();
    let left = this.binary(level + 1);
    for (;;) {
      const op = BINARY[level].ops.find((o) => this.is(o));
      if (!op || left === undefined) return left;
      this.i++;
      const right = this.binary(level + 1);
      left = right === undefined ? undefined : BINARY[level].apply(left, right, op);
    }
  }

  private power(): bigint | undefined {
    const base = this.unary();
    if (!this.is('**')) return base;
    this.i++;
    const exp = this.power(); // right-associative
    if (base === undefined || exp === undefined || exp < 0n || exp > 4096n) return undefined;
    return base ** exp;
  }

  private unary(): bigint | undefined {
    if (this.is('-')) {
      this.i++;
      const v = this.unary();
      return v === undefined ? undefined : -v;
    }
    if (this.is('~')) {
      this.i++;
      const v = this.unary();
      return v === undefined ? undefined : ~v;
    }
    return this.primary();
  }

  private primary(): bigint | undefined {
    const t = this.tokens[this.i];
    if (!t) return undefined;
    if (this.is('(')) {
      this.i++;
      const v = this.binary(0);
      if (!this.is(')')) return undefined;
      this.i++;
      return v;
    }
    if (t.kind === 'number') {
      this.i++;
      let v = parseNumber(t.text);
      const unit = this.tokens[this.i];
      if (v !== undefined && unit?.kind === 'ident' && UNITS[unit.text] !== undefined) {
        v *= UNITS[unit.text];
        this.i++;
      }
      return v;
    }
    if (t.kind !== 'ident') return undefined;
    // An integer cast `uint8(x)`: the value passes through.
    if (/^u?int\d*$/.test(t.text) && this.tokens[this.i + 1]?.text === '(') {
      this.i++;
      return this.primary();
    }
    const path = [t.text];
    this.i++;
    while (this.is('.') && this.tokens[this.i + 1]?.kind === 'ident') {
      path.push(this.tokens[this.i + 1].text);
      this.i += 2;
    }
    return constantValue(this.ws, this.scope, path, this.visiting);
  }
}

function constantValue(
  ws: Workspace,
  scope: Scope,
  path: string[],
  visiting: Set<object>,
): bigint | undefined {
  const d = ws.lookup(scope, path);
  if (!d || d.kind !== 'variable' || !d.def.constant || !d.def.initializer) return undefined;
  if (visiting.has(d.def)) return undefined;
  visiting.add(d.def);
  try {
    return evaluateIntegerExpression(
      ws,
      { file: d.file, contract: d.container },
      d.def.initializer.text,
      visiting,
    );
  } finally {
    visiting.delete(d.def);
  }
}

/** The integer value of `text` in `scope`, or undefined when it is not a constant integer expression. */
export function evaluateIntegerExpression(
  ws: Workspace,
  scope: Scope,
  text: string,
  visiting: Set<object> = new Set(),
): bigint | undefined {
  const { tokens } = tokenize(text);
  if (!tokens.length) return undefined;
  return new Evaluator(tokens, ws, scope, visiting).run();
}
