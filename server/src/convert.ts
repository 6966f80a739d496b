/** Where engine offsets and file keys become LSP positions and URIs (and back). */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver';
import type { LineIndex } from '../../engine';
import { fileKey } from '../../host/src/files';

/** Engine key of a `file:` URI; undefined for other schemes (untitled:, git:, ...), which we do not analyse. */
export function uriToKey(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileKey(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/**
 * URIs exactly as the client spelled them (VS Code escapes ':' and some characters differently from
 * Node's pathToFileURL); a file the client never named gets Node's spelling.
 */
export class UriMap {
  private readonly byKey = new Map<string, string>();

  remember(uri: string): string | undefined {
    const key = uriToKey(uri);
    if (key !== undefined) this.byKey.set(key, uri);
    return key;
  }

  uriOf(key: string): string {
    return this.byKey.get(key) ?? pathToFileURL(key).href;
  }
}

export function toRange(index: LineIndex, start: number, end: number): Range {
  return { start: index.positionAt(start), end: index.positionAt(end) };
}
