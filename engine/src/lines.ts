/**
 * Offset ↔ line/column conversion. The engine speaks UTF-16 offsets (what JS strings index);
 * the faces speak lines: LSP uses 0-based line and UTF-16 character, the CLI 1-based both.
 * Line breaks are '\n', '\r\n' and a lone '\r', the same set LSP clients count.
 */

export interface LineColumn {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  character: number;
}

export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] === 0. */
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offsets outside the text are clamped to its bounds. */
  positionAt(offset: number): LineColumn {
    const off = Math.max(0, Math.min(offset, this.text.length));
    // Binary search for the last line start <= off.
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: off - this.lineStarts[lo] };
  }

  /** Lines past the end clamp to the end of the text; characters past a line's end clamp to that end. */
  offsetAt(pos: LineColumn): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineContentEnd(pos.line);
    return Math.max(start, Math.min(start + pos.character, end));
  }

  /** Offset just past the last character of a line, before its line break. */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

/** 1-based line and column (CLI output, SARIF). */
export function oneBased(pos: LineColumn): { line: number; column: number } {
  return { line: pos.line + 1, column: pos.character + 1 };
}
