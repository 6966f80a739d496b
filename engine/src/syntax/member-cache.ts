/**
 * Contract members parsed once per text: when an edit re-parses a contract (its whole top-level chunk), each member
 * whose text is unchanged is taken from the last parse (shifted when it moved) instead of parsed again, so editing
 * one function of an 850-line facet parses that function, not the facet.
 *
 * A member is the run of tokens from the current one to the first `;` outside braces or the `}` that closes the
 * braces it opened (or, without either, to the contract's closing `}`), keyed by its text from the end of the
 * token before it (the comments above it, which are its NatSpec) and by how it ended. A parse is kept only when it
 * consumed exactly that run and found no problem: then nothing outside the key decided it (error recovery, which
 * can stop at the next declaration, is never kept), and the same text parses the same way wherever it stands.
 */
import type { ContractDef } from './ast';
import type { Cursor } from './cursor';
import { shiftSpans } from './span-map';

/** What parseContractMember may add to: the contract's member lists. */
const LISTS = ['functions', 'stateVars', 'structs', 'enums', 'udvts', 'events', 'usings', 'errors'] as const;
type ListKey = (typeof LISTS)[number];
type MemberLists = { [K in ListKey]?: NonNullable<ContractDef[K]> };

interface Entry {
  /** Text offset of the key's start when parsed. */
  at: number;
  added: { [K in ListKey]?: NonNullable<ContractDef[K]>[number][] };
  tokens: number;
}

export class MemberCache {
  private last = new Map<string, Entry>();
  private next = new Map<string, Entry>();
  /** Members parsed and reused since the last `startUpdate`. */
  parsed = 0;
  reused = 0;

  /** Called before each re-parse of a file: what the previous parse did not use is dropped after it. */
  startUpdate(): void {
    this.last = this.next;
    this.next = new Map();
    this.parsed = 0;
    this.reused = 0;
  }

  lookup(key: string): Entry | undefined {
    const e = this.next.get(key) ?? this.last.get(key);
    if (e) this.next.set(key, e);
    return e;
  }

  store(key: string, e: Entry): void {
    this.next.set(key, e);
  }
}

/** Token index one past the member starting at `c.i`, and whether it ended at a terminator it includes. */
function memberEnd(c: Cursor): { end: number; closed: boolean } | undefined {
  let depth = 0;
  for (let j = c.i; j < c.end; j++) {
    const t = c.tokens[j];
    if (t.kind !== 'punct') continue;
    if (t.text === '{') depth++;
    else if (t.text === '}') {
      if (depth === 0) return j > c.i ? { end: j, closed: false } : undefined;
      if (--depth === 0) return { end: j + 1, closed: true };
    } else if (t.text === ';' && depth === 0) return { end: j + 1, closed: true };
  }
  return undefined;
}

/**
 * Parses the member at the cursor with `parse`, or takes it from `cache`. Returns with the cursor after the member
 * either way.
 */
export function parseMemberCached<M extends MemberLists>(
  c: Cursor,
  into: M,
  cache: MemberCache,
  parse: (c: Cursor, into: M) => void,
): void {
  const span = memberEnd(c);
  if (!span) {
    parse(c, into);
    return;
  }
  const from = c.i > c.first ? c.tokens[c.i - 1].end : c.textStart;
  const to = c.tokens[span.end - 1].end;
  const key = (span.closed ? ';' : '}') + c.text.slice(from, to);
  const hit = cache.lookup(key);
  if (hit) {
    const delta = from - hit.at;
    for (const k of LISTS) {
      const items = hit.added[k];
      if (items) for (const item of items) (into[k] as unknown[]).push(shiftSpans(item, delta));
    }
    c.i += hit.tokens;
    cache.reused++;
    return;
  }
  const start = c.i;
  const lengths = LISTS.map((k) => into[k]?.length ?? 0);
  const problemsBefore = c.problems.length;
  parse(c, into);
  cache.parsed++;
  // A member with problems is not kept: error recovery may have stopped where it did because of what follows.
  if (c.i !== span.end || c.problems.length !== problemsBefore) return;
  const added: Entry['added'] = {};
  LISTS.forEach((k, n) => {
    const list = into[k];
    if (list && list.length > lengths[n]) (added as Record<string, unknown[]>)[k] = list.slice(lengths[n]);
  });
  cache.store(key, { at: from, added, tokens: c.i - start });
}
