/**
 * diamond.config.json → DiamondConfig, with problems that name the field and carry offsets, so the
 * language server can put a diagnostic on the exact value and the CLI can print `file:line:col`.
 *
 * A tiny JSON reader of our own keeps the offsets of every key and value (JSON.parse loses them).
 * Strict JSON: the file is `.json` and editors validate it as such.
 */
import { defaultConfig, type DiamondConfig, type DiamondSpec, type UpgradeConfig } from './config';
import { RULE_IDS, SEVERITY_SETTINGS, type RuleId, type SeveritySetting } from './findings';
import { compileNamespacePattern } from './pattern';

export interface ConfigProblem {
  /** Names the field, e.g. `diamonds[0].facets[1]: expected a contract name (string)`. */
  message: string;
  /** JSON path of the offending value ('' for the whole file). */
  path: string;
  start: number;
  end: number;
}

export interface ConfigValidation {
  /** Undefined when there is any problem: callers keep their last good config. */
  config: DiamondConfig | undefined;
  problems: ConfigProblem[];
}

// ---------------------------------------------------------------------------------------------
// JSON with offsets

type JsonNode =
  | { type: 'object'; start: number; end: number; props: JsonProp[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'boolean'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number };

interface JsonProp {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

class JsonReader {
  private i = 0;
  constructor(private readonly s: string) {}

  parseDocument(): JsonNode {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected text after the JSON value');
    return v;
  }

  private fail(message: string, start = this.i, end = Math.min(this.i + 1, this.s.length)): never {
    throw new JsonSyntaxError(message, start, Math.max(end, start));
  }

  private ws(): void {
    while (this.i < this.s.length && /[ \t\r\n\uFEFF]/.test(this.s[this.i])) this.i++;
  }

  private value(): JsonNode {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') {
      const start = this.i;
      const value = this.string();
      return { type: 'string', start, end: this.i, value };
    }
    const start = this.i;
    const lit = /^(true|false|null)\b/.exec(this.s.slice(this.i, this.i + 6));
    if (lit) {
      this.i += lit[1].length;
      if (lit[1] === 'null') return { type: 'null', start, end: this.i };
      return { type: 'boolean', start, end: this.i, value: lit[1] === 'true' };
    }
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 64));
    if (num) {
      this.i += num[0].length;
      return { type: 'number', start, end: this.i, value: Number(num[0]) };
    }
    if (this.i >= this.s.length) this.fail('unexpected end of file: expected a value');
    this.fail('expected a value (object, array, string, number, true, false or null)');
  }

  private string(): string {
    const start = this.i;
    this.i++; // opening quote
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\n') break;
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
          continue;
        }
        this.fail('invalid escape in string', this.i, this.i + 2);
      }
      out += c;
      this.i++;
    }
    this.fail('unterminated string', start, this.i);
  }

  private object(): JsonNode {
    const start = this.i++;
    const props: JsonProp[] = [];
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { type: 'object', start, end: this.i, props };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a property name in double quotes');
      const keyStart = this.i;
      const key = this.string();
      const keyEnd = this.i;
      this.ws();
      if (this.s[this.i] !== ':') this.fail(`expected ':' after "${key}"`);
      this.i++;
      this.ws();
      props.push({ key, keyStart, keyEnd, value: this.value() });
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return { type: 'object', start, end: this.i, props };
      }
      this.fail("expected ',' or '}'");
    }
  }

  private array(): JsonNode {
    const start = this.i++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return { type: 'array', start, end: this.i, items };
    }
    for (;;) {
      this.ws();
      items.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === ']') {
        this.i++;
        return { type: 'array', start, end: this.i, items };
      }
      this.fail("expected ',' or ']'");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

const SELECTOR_RE = /^0x[0-9a-fA-F]{8}$/;
/** A canonical signature: name(types) with no spaces or parameter names. */
const SIGNATURE_RE = /^[A-Za-z_$][A-Za-z0-9_$]*\([A-Za-z0-9_$,()[\]]*\)$/;
const CONTRACT_NAME_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const GLOB_RE = /^[A-Za-z0-9_$*]+$/;
/** A path glob relative to the project root: no absolute path, no `..`, no backslash. */
const PATH_GLOB_RE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\\\0]+$/;
/** `path/to/File.sol:Name` (a facet or proxy named by its file). */
const PATH_NAME_RE = /^(?!\/)[^:\\\0]+\.sol:[A-Za-z_$][A-Za-z0-9_$]*$/;
const TOP_LEVEL_KEYS = [
  '$schema',
  'diamonds',
  'exclude',
  'include',
  'sharedSelectors',
  'namespacePattern',
  'remappings',
  'rules',
  'upgrade',
] as const;
const UPGRADE_KEYS = ['protectedSelectors'] as const;

class Validator {
  readonly problems: ConfigProblem[] = [];

  problem(path: string, node: { start: number; end: number }, message: string): void {
    this.problems.push({
      message: path ? `${path}: ${message}` : message,
      path,
      start: node.start,
      end: node.end,
    });
  }

  describe(node: JsonNode): string {
    return node.type === 'array' ? 'an array' : node.type === 'object' ? 'an object' : `a ${node.type}`;
  }

  stringArray(
    path: string,
    node: JsonNode,
    what: string,
    check: (value: string) => string | undefined,
  ): string[] | undefined {
    if (node.type !== 'array') {
      this.problem(path, node, `expected an array of ${what}, found ${this.describe(node)}`);
      return undefined;
    }
    const out: string[] = [];
    node.items.forEach((item, i) => {
      const p = `${path}[${i}]`;
      if (item.type !== 'string') {
        this.problem(p, item, `expected ${what} (a string), found ${this.describe(item)}`);
        return;
      }
      const err = check(item.value);
      if (err) this.problem(p, item, err);
      else out.push(item.value);
    });
    return out;
  }

  diamonds(node: JsonNode): DiamondSpec[] | undefined {
    if (node.type !== 'array') {
      this.problem('diamonds', node, `expected an array of diamonds, found ${this.describe(node)}`);
      return undefined;
    }
    const out: DiamondSpec[] = [];
    const seen = new Set<string>();
    node.items.forEach((item, i) => {
      const p = `diamonds[${i}]`;
      if (item.type !== 'object') {
        this.problem(p, item, `expected an object {"name", "facets"}, found ${this.describe(item)}`);
        return;
      }
      let name: string | undefined;
      let facets: string[] | undefined;
      let root: string | undefined;
      let proxy: string | undefined;
      for (const prop of item.props) {
        const pp = `${p}.${prop.key}`;
        if (prop.key === 'name') {
          if (prop.value.type !== 'string' || prop.value.value.trim() === '') {
            this.problem(pp, prop.value, 'expected a non-empty string');
          } else if (seen.has(prop.value.value)) {
            this.problem(pp, prop.value, `another diamond is already named "${prop.value.value}"`);
          } else {
            name = prop.value.value;
            seen.add(name);
          }
        } else if (prop.key === 'facets') {
          facets = this.stringArray(pp, prop.value, 'a contract name', checkContractRef);
        } else if (prop.key === 'proxy') {
          const err =
            prop.value.type === 'string'
              ? checkContractRef(prop.value.value)
              : 'expected a contract name (string)';
          if (err) this.problem(pp, prop.value, err);
          else if (prop.value.type === 'string') proxy = prop.value.value;
        } else if (prop.key === 'root') {
          const err =
            prop.value.type === 'string' ? checkPathGlob(prop.value.value) : 'expected a folder (string)';
          if (err) this.problem(pp, prop.value, err);
          else if (prop.value.type === 'string')
            root = prop.value.value.replace(/^\.\//, '').replace(/\/+$/, '');
        } else {
          this.problem(
            pp,
            { start: prop.keyStart, end: prop.keyEnd },
            'unknown field (expected "name", "facets", "root" or "proxy")',
          );
        }
      }
      if (name === undefined && !item.props.some((pr) => pr.key === 'name')) {
        this.problem(p, item, 'missing required field "name"');
      }
      if (name !== undefined)
        out.push({
          name,
          ...(facets && { facets }),
          ...(root !== undefined && { root }),
          ...(proxy && { proxy }),
        });
    });
    return out;
  }

  rules(node: JsonNode): Partial<Record<RuleId, SeveritySetting>> | undefined {
    if (node.type !== 'object') {
      this.problem('rules', node, `expected an object of rule id → severity, found ${this.describe(node)}`);
      return undefined;
    }
    const out: Partial<Record<RuleId, SeveritySetting>> = {};
    for (const prop of node.props) {
      const p = `rules.${prop.key}`;
      if (!(RULE_IDS as readonly string[]).includes(prop.key)) {
        this.problem(
          p,
          { start: prop.keyStart, end: prop.keyEnd },
          `unknown rule id (known: ${RULE_IDS.join(', ')})`,
        );
        continue;
      }
      const v = prop.value;
      if (v.type !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(v.value)) {
        this.problem(p, v, `expected one of ${SEVERITY_SETTINGS.map((s) => `"${s}"`).join(', ')}`);
        continue;
      }
      out[prop.key as RuleId] = v.value as SeveritySetting;
    }
    return out;
  }

  upgrade(node: JsonNode): UpgradeConfig | undefined {
    if (node.type !== 'object') {
      this.problem(
        'upgrade',
        node,
        `expected an object {"protectedSelectors"}, found ${this.describe(node)}`,
      );
      return undefined;
    }
    const out: UpgradeConfig = {};
    const seen = new Set<string>();
    for (const prop of node.props) {
      const p = `upgrade.${prop.key}`;
      const keyNode = { start: prop.keyStart, end: prop.keyEnd };
      if (seen.has(prop.key)) this.problem(p, keyNode, 'field given twice');
      seen.add(prop.key);
      if (prop.key === 'protectedSelectors') {
        const x = this.stringArray(p, prop.value, 'a selector or signature', checkSharedSelector);
        if (x) out.protectedSelectors = x.map((s) => (SELECTOR_RE.test(s) ? s.toLowerCase() : s));
      } else {
        this.problem(p, keyNode, `unknown field (known: ${UPGRADE_KEYS.join(', ')})`);
      }
    }
    return out;
  }
}

/** A contract name, or `path/File.sol:Name` relative to the project root. */
function checkContractRef(v: string): string | undefined {
  if (CONTRACT_NAME_RE.test(v) || PATH_NAME_RE.test(v)) return undefined;
  return `"${v}" is neither a contract name nor path/to/File.sol:ContractName (relative to the project root)`;
}

function checkPathGlob(v: string): string | undefined {
  return PATH_GLOB_RE.test(v)
    ? undefined
    : `"${v}" is not a path relative to the project root (no leading /, no ..)`;
}

/** `exclude`: a contract-name glob (`Mock*`) or, holding `/` or `.`, a path glob (`test/**`). */
function checkExclude(v: string): string | undefined {
  if (/[/.]/.test(v)) return checkPathGlob(v);
  return GLOB_RE.test(v)
    ? undefined
    : `"${v}" is not a contract name glob (letters, digits, _ and *) nor a path glob (holding / or .)`;
}

export function checkSharedSelector(v: string): string | undefined {
  if (SELECTOR_RE.test(v) || SIGNATURE_RE.test(v)) return undefined;
  if (/^0x/i.test(v)) return `"${v}" is not a selector: expected 0x followed by 8 hex digits`;
  return `"${v}" is neither a selector (0x12345678) nor a canonical signature (name(type1,type2), no spaces or names)`;
}

function checkRemapping(v: string): string | undefined {
  // [context:]prefix=target, the solc / Foundry form.
  const eq = v.indexOf('=');
  if (eq <= 0) return `"${v}" is not a remapping: expected prefix=target`;
  const lhs = v.slice(0, eq);
  const prefix = lhs.includes(':') ? lhs.slice(lhs.indexOf(':') + 1) : lhs;
  if (prefix === '') return `"${v}" has an empty prefix`;
  return undefined;
}

/** The rule runs the pattern with RE2 (linear time): what RE2 refuses is refused here, with why. */
function checkPattern(v: string): string | undefined {
  const c = compileNamespacePattern(v);
  return c.ok ? undefined : c.problem;
}

/** Parse and validate the text of a diamond.config.json. */
export function validateConfig(text: string): ConfigValidation {
  let root: JsonNode;
  try {
    root = new JsonReader(text).parseDocument();
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      return {
        config: undefined,
        problems: [{ message: `invalid JSON: ${e.message}`, path: '', start: e.start, end: e.end }],
      };
    }
    throw e;
  }
  const v = new Validator();
  const config = defaultConfig();
  if (root.type !== 'object') {
    v.problem('', root, `expected an object at the top level, found ${v.describe(root)}`);
    return { config: undefined, problems: v.problems };
  }
  const seenKeys = new Set<string>();
  for (const prop of root.props) {
    const keyNode = { start: prop.keyStart, end: prop.keyEnd };
    if (seenKeys.has(prop.key)) v.problem(prop.key, keyNode, 'field given twice');
    seenKeys.add(prop.key);
    const node = prop.value;
    switch (prop.key) {
      case '$schema':
        if (node.type !== 'string') v.problem('$schema', node, 'expected a string');
        break;
      case 'diamonds': {
        const d = v.diamonds(node);
        if (d) config.diamonds = d;
        break;
      }
      case 'exclude': {
        const x = v.stringArray('exclude', node, 'a contract name glob or a path glob', checkExclude);
        if (x) config.exclude = x;
        break;
      }
      case 'include': {
        const x = v.stringArray('include', node, 'a path glob', checkPathGlob);
        if (x) config.include = x;
        break;
      }
      case 'sharedSelectors': {
        const x = v.stringArray('sharedSelectors', node, 'a selector or signature', checkSharedSelector);
        if (x) config.sharedSelectors = x.map((s) => (SELECTOR_RE.test(s) ? s.toLowerCase() : s));
        break;
      }
      case 'namespacePattern':
        if (node.type !== 'string')
          v.problem('namespacePattern', node, 'expected a regular expression (string)');
        else {
          const err = checkPattern(node.value);
          if (err) v.problem('namespacePattern', node, err);
          else config.namespacePattern = node.value;
        }
        break;
      case 'remappings': {
        const x = v.stringArray('remappings', node, 'a remapping', checkRemapping);
        if (x) config.remappings = x;
        break;
      }
      case 'rules': {
        const r = v.rules(node);
        if (r) config.rules = r;
        break;
      }
      case 'upgrade': {
        const u = v.upgrade(node);
        if (u) config.upgrade = u;
        break;
      }
      default:
        v.problem(prop.key, keyNode, `unknown field (known: ${TOP_LEVEL_KEYS.join(', ')})`);
    }
  }
  return { config: v.problems.length ? undefined : config, problems: v.problems };
}
