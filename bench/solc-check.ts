/**
 * The yardstick of the edit-latency benchmark: a solc-js check of one file (`outputSelection: {}`:
 * parse, resolve and type-check, no code generation), the work other Solidity extensions do per change.
 * Imports are read from the workspace folder on disk; the checked file's own text is passed in (the
 * editor's buffer as it stands).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Solc {
  compile(
    input: string,
    callbacks: { import: (path: string) => { contents: string } | { error: string } },
  ): string;
}

export interface SolcCheck {
  /** Milliseconds for one check of `text` as `file`; throws if solc reports an error (the yardstick must be real work). */
  time(file: string, text: string): number;
}

export function solcCheck(root: string): SolcCheck {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require('solc') as Solc;
  const read = (path: string) => {
    try {
      return { contents: readFileSync(join(root, path), 'utf8') };
    } catch {
      return { error: `not found: ${path}` };
    }
  };
  return {
    time(file, text) {
      const unit = relative(root, file).split('\\').join('/');
      const input = JSON.stringify({
        language: 'Solidity',
        sources: { [unit]: { content: text } },
        settings: { outputSelection: {} },
      });
      const t = performance.now();
      const out = solc.compile(input, { import: read });
      const ms = performance.now() - t;
      const errors = (JSON.parse(out).errors ?? []).filter(
        (e: { severity: string }) => e.severity === 'error',
      );
      if (errors.length) throw new Error(`solc check of ${unit} failed: ${errors[0].formattedMessage}`);
      return ms;
    },
  };
}
