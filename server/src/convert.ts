/** Where engine offsets and file keys become LSP positions and URIs (and back). */
import { posix, win32 } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver';
import type { LineIndex } from '../../engine';
import { fileKey } from '../../host/src/files';

/** Whether paths are Windows paths: this machine's answer, unless a test names the other flavour. */
const ON_WINDOWS = process.platform === 'win32';

/**
 * Engine key of a `file:` URI; undefined for other schemes (untitled:, git:, ...), which we do not analyse.
 * `windows` reads it as a Windows path (`file:///c%3A/p/A.sol` → `c:/p/A.sol`; a UNC `file://server/share/…`).
 */
export function uriToKey(uri: string, windows = ON_WINDOWS): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileKey(fileURLToPath(uri, { windows }), windows ? win32 : posix);
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

  constructor(private readonly windows = ON_WINDOWS) {}

  remember(uri: string): string | undefined {
    const key = uriToKey(uri, this.windows);
    if (key !== undefined) this.byKey.set(key, uri);
    return key;
  }

  uriOf(key: string): string {
    return this.byKey.get(key) ?? pathToFileURL(key, { windows: this.windows }).href;
  }
}

export function toRange(index: LineIndex, start: number, end: number): Range {
  return { start: index.positionAt(start), end: index.positionAt(end) };
}
