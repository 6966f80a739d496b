/**
 * Where the code claims an ERC-165 interface, read from the text of production files (function bodies are not
 * parsed), comments blanked, in three bounded shapes: `supportedInterfaces[<id>] = true` (the EIP-2535 reference
 * init), `_setSupportsInterface(<id>, true)` (solidstate) and `interfaceId == <id>` (a supportsInterface that
 * compares); `<id>` is `type(I).interfaceId`, a 4-byte hex literal or `bytes4(<hex>)`.
 */
import type { Place } from '../findings';
import type { ServiceState } from './state';

const KEY = String.raw`(?:type\s*\(\s*([A-Za-z_$][\w$]{0,99})\s*\)\s*\.\s*interfaceId|(?:bytes4\s*\(\s*)?(0x[0-9a-fA-F]{8})(?![0-9a-fA-F])\s*\)?)`;
const CLAIMS = new RegExp(
  [
    String.raw`supportedInterfaces\s*\[\s*${KEY}\s*\]\s*=\s*true\b`,
    String.raw`_setSupportsInterface\s*\(\s*${KEY}\s*,\s*true\s*\)`,
    String.raw`\b[A-Za-z_$]{0,20}[iI]nterface[iI]d_?\s*==\s*${KEY}`,
  ].join('|'),
  'g',
);

/** The text with comments replaced by spaces (offsets kept); strings are skipped over, not blanked. */
export function blankComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** A claim in the code: where, and the interface by name (`type(I).interfaceId`) or by hex id. */
export interface ClaimSite extends Place {
  name?: string;
  hex?: string;
}

/** Every claim in production files, in file order. */
export function* claimSites(s: ServiceState): Generator<ClaimSite> {
  for (const file of s.ws.files()) {
    if (!s.evidence.inScope(file)) continue;
    const text = s.ws.text(file);
    if (text === undefined) continue;
    // Kept with the file's parse: an edit elsewhere does not scan every file's text again.
    const unit = s.ws.unit(file);
    yield* unit ? s.ws.cachedFor(unit, 'claim-sites', () => sitesIn(file, text)) : sitesIn(file, text);
  }
}

function sitesIn(file: string, text: string): ClaimSite[] {
  if (!/interfaceId|supportedInterfaces|_setSupportsInterface/i.test(text)) return [];
  const out: ClaimSite[] = [];
  for (const m of blankComments(text).matchAll(CLAIMS)) {
    const name = m[1] ?? m[3] ?? m[5];
    const hex = m[2] ?? m[4] ?? m[6];
    out.push({
      file,
      start: m.index,
      end: m.index + m[0].length,
      ...(name !== undefined ? { name } : { hex }),
    });
  }
  return out;
}
