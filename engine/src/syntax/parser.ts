/**
 * Our tolerant, declaration-level Solidity parser (see ast.ts for why it exists).
 *
 * `parseSource` never throws, on any input. The file is tokenised once, split into top-level chunks
 * (chunks.ts), and each chunk is parsed on its own; `IncrementalParser` caches each chunk's parse by its text, so
 * an edit re-parses only the chunk it touched and moves the others' spans, and keeps the last good parse of
 * declarations a broken region swallowed (keep-last-good.ts).
 */
import type { SourceUnit } from './ast';
import { type Chunk, splitChunks } from './chunks';
import { Cursor } from './cursor';
import { keepLastGood } from './keep-last-good';
import { MemberCache } from './member-cache';
import { emptyUnit, parseTopLevel } from './parse-unit';
import { retokenize } from './retokenize';
import { shiftSpans } from './span-map';
import { type TokenizeResult, tokenize } from './tokenizer';

type Part = Omit<SourceUnit, 'file'>;

const LIST_KEYS = [
  'imports',
  'contracts',
  'structs',
  'enums',
  'udvts',
  'constants',
  'functions',
  'errors',
  'events',
  'usings',
  'pragmas',
  'problems',
] as const;

function parseChunk(text: string, lexed: TokenizeResult, chunk: Chunk, members?: MemberCache): Part {
  const { file: _file, ...part } = emptyUnit('');
  const c = new Cursor(
    text,
    lexed.tokens,
    lexed.comments,
    chunk.first,
    chunk.last,
    chunk.start,
    part.problems,
  );
  try {
    parseTopLevel(part as SourceUnit, c, members);
  } catch (err) {
    // Not expected (the fuzz tests check it stays unreachable), but a parser bug must never take the server down.
    part.problems.push({
      message: `Internal parser error: ${String(err)}`,
      span: { start: chunk.start, end: chunk.end },
    });
  }
  if (chunk.unbalanced && part.problems.length === 0) {
    part.problems.push({ message: 'Unbalanced braces', span: { start: chunk.start, end: chunk.end } });
  }
  return part;
}

function unclosedComment(lexed: TokenizeResult): TokenizeResult['comments'][number] | undefined {
  const last = lexed.comments[lexed.comments.length - 1];
  return last && last.block && !last.text.endsWith('*/') ? last : undefined;
}

function assemble(file: string, parts: Part[], lexed: TokenizeResult): SourceUnit {
  const unit = emptyUnit(file);
  for (const part of parts) {
    for (const k of LIST_KEYS) {
      const from = part[k];
      if (from && from.length) (unit[k] as unknown[]).push(...from);
    }
  }
  const open = unclosedComment(lexed);
  if (open)
    unit.problems.push({
      message: 'Unclosed block comment',
      span: { start: open.start, end: open.start + 2 },
    });
  return unit;
}

/** Parses a whole file. `file` is the engine's file key (normalised absolute path). Never throws. */
export function parseSource(file: string, text: string): SourceUnit {
  const lexed = tokenize(text);
  return assemble(
    file,
    splitChunks(lexed.tokens, text.length).map((ch) => parseChunk(text, lexed, ch)),
    lexed,
  );
}

interface CacheEntry {
  /** The parse, with spans as they were at `at`. */
  part: Part;
  at: number;
}

/**
 * Re-parses a file as it is edited. Reuses each chunk whose text is unchanged (same objects when it did not move,
 * shifted copies when it did), and keeps the last good parse of declarations swallowed by a broken region.
 */
export class IncrementalParser {
  private cache = new Map<string, CacheEntry>();
  private last: { text: string; unit: SourceUnit } | undefined;
  /** The lexing of the last text once the file is being edited (retokenize.ts lexes an edit from it). */
  private lexed: { text: string; result: TokenizeResult } | undefined;
  /** Contract members by text, once the file is being edited (member-cache.ts). */
  private members: MemberCache | undefined;
  /**
   * The last update: chunks, how many were parsed (not served from the cache), characters lexed, and the members
   * of the parsed chunks parsed and reused.
   */
  stats = { chunks: 0, parsed: 0, lexed: 0, members: { parsed: 0, reused: 0 } };

  /** `reuseMembers: false` parses every member of a re-parsed chunk (what tests compare the member cache with). */
  constructor(
    readonly file: string,
    private readonly options: { reuseMembers?: boolean } = {},
  ) {}

  get unit(): SourceUnit | undefined {
    return this.last?.unit;
  }

  update(text: string): SourceUnit {
    if (this.last && this.last.text === text) return this.last.unit;
    let lexed: TokenizeResult;
    let chunks: Chunk[];
    let lexedChars = text.length;
    try {
      if (this.lexed) {
        const re = retokenize(this.lexed.text, this.lexed.result, text);
        lexed = { tokens: re.tokens, comments: re.comments };
        lexedChars = re.relexed;
      } else lexed = tokenize(text);
      // Kept from a file's second version on: files read once and never edited (most of a workspace) keep none.
      if (this.last) this.lexed = { text, result: lexed };
      chunks = splitChunks(lexed.tokens, text.length);
    } catch (err) {
      this.lexed = undefined;
      const unit = emptyUnit(this.file);
      unit.problems.push({ message: `Internal tokenizer error: ${String(err)}`, span: { start: 0, end: 0 } });
      return unit;
    }
    const next = new Map<string, CacheEntry>();
    const parts: Part[] = [];
    let parsed = 0;
    // From the second version on (the first edit fills it): a file read once keeps no member cache.
    if (this.last && this.options.reuseMembers !== false) this.members ??= new MemberCache();
    this.members?.startUpdate();
    for (const ch of chunks) {
      // A chunk at offset 0 has no token before it, which changes how its leading comments attach.
      const key = (ch.start === 0 ? '\u0000' : '') + text.slice(ch.start, ch.end);
      let entry = next.get(key) ?? this.cache.get(key);
      if (!entry) {
        entry = { part: parseChunk(text, lexed, ch, this.members), at: ch.start };
        parsed++;
      } else if (entry.at !== ch.start) {
        entry = { part: shiftSpans(entry.part, ch.start - entry.at), at: ch.start };
      }
      next.set(key, entry);
      parts.push(entry.part);
    }
    this.cache = next;
    const members = { parsed: this.members?.parsed ?? 0, reused: this.members?.reused ?? 0 };
    this.stats = { chunks: chunks.length, parsed, lexed: lexedChars, members };
    let unit = assemble(this.file, parts, lexed);
    if (this.last) unit = keepLastGood(this.last.text, this.last.unit, text, unit);
    this.last = { text, unit };
    return unit;
  }
}
