/**
 * Memo helpers that cannot leak.
 *
 * V8 cuts substrings out of a file's text as "sliced strings" that point into the whole text: an
 * identifier, a doc-comment id or an initializer kept as a cache key keeps its entire text version
 * alive. Every edit makes a new version, so a long-lived cache keyed by such strings grew by a file's
 * size per edit (a namespace id typed letter by letter retained ~50 KB a keystroke). `detach` copies a
 * string into storage of its own; `BoundedMemo` detaches its keys and keeps at most `max` entries.
 */

/** A copy of `s` that shares no storage with the text it may have been cut from. */
export function detach(s: string): string {
  // JSON.stringify builds a new flat string; whatever JSON.parse returns points into that copy only.
  return JSON.parse(JSON.stringify(s)) as string;
}

/**
 * A least-recently-used memo for pure functions of a string (hashes, regexps, constant values):
 * shared safely because the answer depends on the key alone, bounded so typing cannot grow it.
 */
export class BoundedMemo<V> {
  /** Each entry keeps its own detached key: re-inserting under a caller's key would re-attach it. */
  private readonly entries = new Map<string, { key: string; value: V }>();

  /**
   * @param max entries kept; the least recently used goes first.
   * @param keep makes a computed value safe to keep (e.g. detaches strings it holds); identity by default.
   */
  constructor(
    readonly max: number,
    private readonly keep: (value: V) => V = (v) => v,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value kept for `key` (undefined when absent: ask `has` to tell an absent key from a kept undefined). */
  peek(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Map iterates in insertion order: re-inserting marks the entry as the most recently used.
    this.entries.delete(key);
    this.entries.set(hit.key, hit);
    return hit.value;
  }

  set(key: string, value: V): V {
    const kept = this.keep(value);
    if (!this.entries.delete(key) && this.entries.size >= this.max)
      this.entries.delete(this.entries.keys().next().value as string);
    const own = detach(key);
    this.entries.set(own, { key: own, value: kept });
    return kept;
  }

  get(key: string, compute: () => V): V {
    return this.has(key) ? (this.peek(key) as V) : this.set(key, compute());
  }
}
