/** What compiling a project produces: the shapes shared by compile, the worker, deploy and the loupe. */

/** solc's storageLayout output (declared state variables only; namespaced structs come from the engine). */
export interface StorageLayout {
  storage: {
    label: string;
    slot: string;
    offset: number;
    type: string;
    contract: string;
    astId?: number;
  }[];
  types: Record<
    string,
    { encoding: string; label: string; numberOfBytes: string; members?: unknown[] } & Record<string, unknown>
  > | null;
}

/** ABI entries as solc emits them (kept loose: consumers use ethers or read name/type only). */
export type AbiEntry = { type: string; name?: string } & Record<string, unknown>;

export interface Artifact {
  /** Contract name. Two contracts of one name in different files are two artifacts. */
  name: string;
  /** Source unit name: the path relative to the compile root with '/' separators (or the import path for libraries). */
  file: string;
  abi: AbiEntry[];
  /** Creation bytecode, hex with 0x ('0x' for interfaces and abstract contracts). May hold library placeholders. */
  bytecode: string;
  /** Runtime bytecode, hex with 0x. */
  deployedBytecode: string;
  /** selector-less signature → 8 hex digits, exactly solc's `evm.methodIdentifiers`. */
  methodIdentifiers: Record<string, string>;
  storageLayout: StorageLayout | null;
  /** Byte ranges of immutables in the runtime code (solc `evm.deployedBytecode.immutableReferences`). */
  immutableReferences?: Record<string, { start: number; length: number }[]>;
}

export interface CompilerMessage {
  severity: 'error' | 'warning';
  message: string;
  /** solc's formatted message (with the source excerpt). */
  formatted: string;
  /** Source unit name relative to the compile root, as in Artifact.file. */
  file?: string;
  /** UTF-16 offsets into the file's text (solc reports UTF-8 bytes; converted), end exclusive. */
  start?: number;
  end?: number;
  /** 1-based line and UTF-16 column of `start`. */
  line?: number;
  column?: number;
  /** solc's error code, e.g. '7576'. */
  code?: string;
}

export interface CompileResult {
  contracts: Artifact[];
  errors: CompilerMessage[];
  /** True when the result came from the project's `.diamond/cache` without running solc. */
  cached?: boolean;
}

export interface CompileProgress {
  message: string;
  /** Percent of the whole job this step adds (VS Code withProgress style). */
  increment?: number;
}

export interface CompileOptions {
  /**
   * The folder compiled: a project root, or a folder inside one (its compile root, `<root>/contracts`). Its
   * project (host/src/project.ts projectRootFor) gives the files (the .sol files analysis sees below it,
   * nested projects' included), the remappings (each nested project's scoped to its folder) and the cache.
   * Unit names are relative to this folder.
   */
  root: string;
  /**
   * The highest folder the project is looked for in, and remapping files are inherited from: the workspace
   * folder in the editor, so a build takes the settings the language server analyses with. Default: no bound.
   */
  top?: string;
  /** Unsaved editor buffers: absolute path (or path relative to root) → text. Override the disk. */
  sources?: Record<string, string>;
  /** Extra solc `prefix=target` remappings (relative to root) after the project's. */
  remappings?: string[];
  /** Default: the project's cache folder, `<project root>/.diamond/cache`. */
  cacheDir?: string;
  /** solc optimizer (200 runs). Default false. */
  optimizer?: boolean;
  onProgress?: (p: CompileProgress) => void;
  /** Checked between steps; solc itself runs synchronously (use compileInWorker to cancel mid-compile). */
  signal?: AbortSignal;
}

/** Whether a compile result holds an error (warnings do not count). */
export function hasErrors(result: CompileResult): boolean {
  return result.errors.some((e) => e.severity === 'error');
}
