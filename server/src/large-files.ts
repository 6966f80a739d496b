/**
 * Bounded analysis of very large documents.
 *
 * Handing a 5 MB document to the engine costs ~1–1.7 s (re-tokenising the whole text) and the cross-file
 * rules ~0.6–0.9 s more, on the server's one thread. Fed on every keystroke (and flushed by every hover or
 * code-lens request, which see the latest text), typing in such a file froze the whole server.
 *
 * Above LARGE_FILE_CHARS an open document's edits are held here and handed to its project only once the
 * editor has been idle for LARGE_FILE_DEBOUNCE_MS (or the normal debounce, if longer): requests on other
 * files never pay for it, and requests on the large file answer from its last analysed text meanwhile.
 * The first time a file crosses the limit the user is told once, naming the file and the limit.
 */
import { basename } from 'node:path';

/** Characters (UTF-16 units) above which a document gets the bounded policy: ~1 MiB of ASCII source. */
export const LARGE_FILE_CHARS = 1024 * 1024;
/** Idle time after the last edit of a large document before it is analysed. */
export const LARGE_FILE_DEBOUNCE_MS = 2000;

export function isLargeText(text: string): boolean {
  return text.length > LARGE_FILE_CHARS;
}

function formatSize(chars: number): string {
  const mib = chars / (1024 * 1024);
  if (mib >= 1) return Number.isInteger(mib) ? `${mib} MiB` : `${mib.toFixed(1)} MiB`;
  return `${Math.round(chars / 1024)} KiB`;
}

export function largeFileNotice(file: string, chars: number): string {
  return (
    `${basename(file)} is ${formatSize(chars)}, over the ${formatSize(LARGE_FILE_CHARS)} large-file limit: ` +
    `it is analysed ${LARGE_FILE_DEBOUNCE_MS / 1000} s after the last edit instead of on every keystroke ` +
    `(hovers and lenses in it follow then). (${file})`
  );
}

interface Held {
  text: string;
  timer: NodeJS.Timeout;
}

/** Large documents' latest editor texts, each waiting for the editor to go idle. */
export class LargeFileDeferral {
  private readonly held = new Map<string, Held>();
  private readonly noticed = new Set<string>();

  constructor(
    /** Hands a document's text to its project and analyses it. */
    private readonly deliver: (file: string, text: string) => void,
    /** Tells the user once per file (window/showMessage and the log). */
    private readonly notify: (message: string) => void,
  ) {}

  /** Holds `text` until `debounceMs` (at least LARGE_FILE_DEBOUNCE_MS) pass without another edit. */
  hold(file: string, text: string, debounceMs: number): void {
    if (!this.noticed.has(file)) {
      this.noticed.add(file);
      this.notify(largeFileNotice(file, text.length));
    }
    const prev = this.held.get(file);
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(
      () => {
        const h = this.held.get(file);
        if (!h) return;
        this.held.delete(file);
        this.deliver(file, h.text);
      },
      Math.max(debounceMs, LARGE_FILE_DEBOUNCE_MS),
    );
    this.held.set(file, { text, timer });
  }

  /** Drops a held text (the document closed, or shrank below the limit and is delivered directly). */
  drop(file: string): void {
    const h = this.held.get(file);
    if (h) clearTimeout(h.timer);
    this.held.delete(file);
  }

  dispose(): void {
    for (const h of this.held.values()) clearTimeout(h.timer);
    this.held.clear();
  }
}
