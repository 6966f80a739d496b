/**
 * Comparing runtime code on chain with solc's deployedBytecode. They differ, for the same source,
 * in three places we blank out before comparing: the CBOR metadata tail (source hash, compiler),
 * immutables (written by the constructor), and linked library addresses.
 */
import { keccakOfHex } from '../../engine';
import type { Artifact } from './compile-types';

const strip0x = (h: string): string =>
  (h.startsWith('0x') || h.startsWith('0X') ? h.slice(2) : h).toLowerCase();

/** Runtime code without its trailing CBOR metadata (hex, no 0x). Code without a plausible tail is returned whole. */
export function stripMetadata(code: string): string {
  const hex = strip0x(code);
  if (hex.length < 4) return hex;
  const cborBytes = parseInt(hex.slice(-4), 16);
  const start = hex.length - 4 - cborBytes * 2;
  if (cborBytes === 0 || start < 0) return hex;
  // solc's metadata is a CBOR map of 1–5 entries: first byte 0xa1..0xa5.
  const head = parseInt(hex.slice(start, start + 2), 16);
  return head >= 0xa1 && head <= 0xa5 ? hex.slice(0, start) : hex;
}

function blank(hex: string, charStart: number, charLength: number): string {
  if (charStart < 0 || charStart + charLength > hex.length) return hex;
  return hex.slice(0, charStart) + '0'.repeat(charLength) + hex.slice(charStart + charLength);
}

/** Byte ranges of an artifact's runtime code that deployment rewrites (immutables, library links). */
function rewrittenRanges(
  artifact: Pick<Artifact, 'deployedBytecode' | 'immutableReferences'>,
): [number, number][] {
  const ranges: [number, number][] = [];
  for (const refs of Object.values(artifact.immutableReferences ?? {})) {
    for (const r of refs) ranges.push([r.start * 2, r.length * 2]);
  }
  for (const m of strip0x(artifact.deployedBytecode).matchAll(/__\$[0-9a-f]{34}\$__/g))
    ranges.push([m.index, 40]);
  return ranges;
}

/** An artifact's runtime code prepared for comparison: placeholders blanked, metadata stripped. */
export interface NormalisedArtifactCode {
  artifact: Artifact;
  ranges: [number, number][];
  code: string;
}

export function normaliseArtifactCode(artifact: Artifact): NormalisedArtifactCode | undefined {
  const raw = strip0x(artifact.deployedBytecode);
  if (raw.length === 0) return undefined; // interfaces, abstract contracts
  const ranges = rewrittenRanges(artifact);
  // Rewritten ranges all lie before the metadata tail, so stripping first changes no offset.
  let code = stripMetadata(raw);
  for (const [s, l] of ranges) code = blank(code, s, l);
  return { artifact, ranges, code };
}

/** Whether on-chain runtime code is this artifact's code (same instructions, any immutables/metadata). */
export function codeMatches(onChain: string, local: NormalisedArtifactCode): boolean {
  let code = stripMetadata(onChain);
  if (code.length !== local.code.length) return false;
  for (const [s, l] of local.ranges) code = blank(code, s, l);
  return code === local.code;
}

/** keccak256 of runtime code as deployed (what deployment records store; EXTCODEHASH on chain). */
export function runtimeCodeHash(code: string): string {
  return keccakOfHex(strip0x(code));
}
