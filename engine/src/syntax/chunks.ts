/**
 * Splits a token stream into top-level chunks: each ends at a `;` or `}` that brings brace depth back to 0, or
 * just before a token that can only start a top-level declaration (`contract`, `interface`, `library`,
 * `abstract contract`, `pragma`, `import`) even while braces are open. A chunk's text runs from the end of the
 * previous chunk's last token (so it holds the comments above its declaration) to the end of its own last token;
 * the last chunk runs to the end of the file. Parsing a chunk depends on its text alone, which is what makes it
 * cacheable by text.
 */
import type { Token } from './tokenizer';

export interface Chunk {
  /** Text offsets [start, end). */
  start: number;
  end: number;
  /** Token indexes [first, last). */
  first: number;
  last: number;
  /** Braces did not balance inside the chunk. */
  unbalanced: boolean;
}

function isHardStart(tokens: readonly Token[], j: number): boolean {
  const t = tokens[j];
  if (t.kind !== 'ident') return false;
  const n = tokens[j + 1];
  switch (t.text) {
    case 'contract':
      return n?.kind === 'ident' && tokens[j - 1]?.text !== 'abstract';
    case 'interface':
    case 'library':
    case 'pragma':
      return n?.kind === 'ident';
    case 'abstract':
      return n?.text === 'contract';
    case 'import':
      return n !== undefined && (n.kind === 'string' || n.text === '{' || n.text === '*');
  }
  return false;
}

export function splitChunks(tokens: readonly Token[], textLength: number): Chunk[] {
  const chunks: Chunk[] = [];
  let first = 0;
  let start = 0;
  let depth = 0;
  const close = (last: number, unbalanced: boolean) => {
    const end = tokens[last - 1].end;
    chunks.push({ start, end, first, last, unbalanced });
    first = last;
    start = end;
    depth = 0;
  };
  for (let j = 0; j < tokens.length; j++) {
    const t = tokens[j];
    if (j > first && isHardStart(tokens, j)) close(j, depth > 0);
    if (t.kind !== 'punct') continue;
    // `import {A} from "x";` and `using {f} for T;` hold braces that open no block.
    const listStatement = tokens[first].text === 'import' || tokens[first].text === 'using';
    if (listStatement && t.text !== ';') continue;
    if (t.text === '{') depth++;
    else if (t.text === '}') {
      if (depth === 0) close(j + 1, true);
      else if (--depth === 0) close(j + 1, false);
    } else if (t.text === ';' && depth === 0) close(j + 1, false);
  }
  if (first < tokens.length) close(tokens.length, depth > 0);
  if (chunks.length) chunks[chunks.length - 1].end = textLength;
  else chunks.push({ start: 0, end: textLength, first: 0, last: 0, unbalanced: false });
  return chunks;
}
