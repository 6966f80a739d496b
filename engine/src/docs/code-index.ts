/**
 * The workspace's contracts with their full function bodies (bodies.ts), for the effects analysis: each
 * contract's parsed body joined to the engine's declaration (names resolve through the workspace's own lookup:
 * imports, aliases, remappings; bases through its C3 linearisation). Files are parsed once, lazily.
 */
import type { ContractDef } from '../syntax/ast';
import type { Workspace } from '../workspace';
import { parseBodies, type BodyParse, type ParsedContract } from './bodies';

export interface CodeContract {
  file: string;
  name: string;
  kind: string;
  def: ContractDef;
  parsed: ParsedContract;
}

/** Body parses kept between builds, by file and text: an edit re-parses the edited file only. */
export type BodyCache = Map<string, { text: string; parse: BodyParse }>;

/** Thrown out of a docs build whose caller said stop (`cancelled()` true before the next file's parse). */
export class DocsCancelledError extends Error {
  override readonly name = 'DocsCancelledError';
  constructor() {
    super('the documentation build was cancelled');
  }
}

export class CodeIndex {
  private readonly parses = new Map<string, BodyParse>();
  private readonly contracts = new Map<ContractDef, CodeContract | null>();
  private readonly lins = new Map<CodeContract, CodeContract[]>();

  constructor(
    private readonly ws: Workspace,
    private readonly cache: BodyCache = new Map(),
    /** Asked before each file's parse: true stops the build (DocsCancelledError); what was parsed stays cached. */
    private readonly cancelled?: () => boolean,
  ) {}

  /** The body parse of `file` (undefined when the workspace cannot read it). */
  parse(file: string): BodyParse | undefined {
    let p = this.parses.get(file);
    if (!p) {
      const text = this.ws.text(file);
      if (text === undefined) return undefined;
      const kept = this.cache.get(file);
      if (kept?.text !== text && this.cancelled?.()) throw new DocsCancelledError();
      p = kept?.text === text ? kept.parse : parseBodies(text);
      this.cache.set(file, { text, parse: p });
      this.parses.set(file, p);
    }
    return p;
  }

  /** Every file parsed so far that could not be, with why. */
  failures(): { file: string; reason: string }[] {
    return [...this.parses]
      .flatMap(([file, p]) => (p.ok ? [] : [{ file, reason: p.reason }]))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /** The contract the engine declares as `def` in `file`, with its bodies; undefined when they could not be read. */
  of(file: string, def: ContractDef): CodeContract | undefined {
    const known = this.contracts.get(def);
    if (known !== undefined) return known ?? undefined;
    const p = this.parse(file);
    const same = p?.ok ? p.file.contracts.filter((c) => c.name === def.name) : [];
    // Two contracts of one name in one file do not compile: take neither.
    const c: CodeContract | null =
      same.length === 1 ? { file, name: def.name, kind: def.kind, def, parsed: same[0] } : null;
    this.contracts.set(def, c);
    return c ?? undefined;
  }

  /** A contract named `path` as seen from `scope` (a contract, or a file's top level). */
  lookup(scope: { file: string; def?: ContractDef }, path: readonly string[]): CodeContract | undefined {
    const d = this.ws.lookup({ file: scope.file, contract: scope.def }, path);
    return d?.kind === 'contract' ? this.of(d.file, d.contract) : undefined;
  }

  /** Most-derived first, the contract itself first; bases whose bodies cannot be read are left out. */
  linearize(c: CodeContract): CodeContract[] {
    let lin = this.lins.get(c);
    if (!lin) {
      lin = this.ws
        .linearize({ file: c.file, contract: c.def })
        .flatMap((r) => (r.contract === c.def ? [c] : (this.of(r.file, r.contract) ?? [])));
      this.lins.set(c, lin);
    }
    return lin;
  }

  /** The free functions of a file. */
  freeFunctions(file: string) {
    const p = this.parse(file);
    return p?.ok ? p.file.freeFunctions : [];
  }
}
