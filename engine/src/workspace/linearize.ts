/**
 * C3 linearisation as solc does it: for `contract C is A, B` (bases listed most base-like first),
 * L(C) = C + merge(L(B), L(A), [B, A]). Most-derived first. Unresolvable bases are skipped, an inheritance cycle
 * is cut where it closes, and an inconsistent hierarchy (which solc rejects) falls back to a depth-first order so
 * analysis still sees every base.
 */
import type { ContractDef } from '../syntax/ast';
import type { ContractRef } from './declarations';

function merge(lists: ContractRef[][]): ContractRef[] | undefined {
  const seqs = lists.map((l) => l.slice()).filter((l) => l.length);
  const out: ContractRef[] = [];
  while (seqs.length) {
    let head: ContractRef | undefined;
    for (const s of seqs) {
      const cand = s[0];
      if (!seqs.some((t) => t.some((x, i) => i > 0 && x.contract === cand.contract))) {
        head = cand;
        break;
      }
    }
    if (!head) return undefined;
    out.push(head);
    for (let i = seqs.length - 1; i >= 0; i--) {
      seqs[i] = seqs[i].filter((x) => x.contract !== head!.contract);
      if (!seqs[i].length) seqs.splice(i, 1);
    }
  }
  return out;
}

/**
 * `bases(ref)` resolves the direct bases in declaration order (unresolvable ones left out); `memo` caches results
 * per contract for the caller's current workspace version.
 */
export function c3Linearize(
  ref: ContractRef,
  bases: (ref: ContractRef) => ContractRef[],
  memo: Map<ContractDef, ContractRef[]>,
  inProgress: Set<ContractDef> = new Set(),
  cycle = { cuts: 0 },
): ContractRef[] {
  const known = memo.get(ref.contract);
  if (known) return known;
  const cutsBefore = cycle.cuts;
  inProgress.add(ref.contract);
  const all = bases(ref);
  const direct = all.filter((b) => !inProgress.has(b.contract) && b.contract !== ref.contract);
  cycle.cuts += all.length - direct.length;
  const parents = direct.map((b) => c3Linearize(b, bases, memo, inProgress, cycle));
  inProgress.delete(ref.contract);
  const reversed = direct.slice().reverse();
  let tail = merge([...parents.slice().reverse(), reversed]);
  if (!tail) {
    tail = [];
    const seen = new Set<ContractDef>();
    for (const l of parents.slice().reverse())
      for (const x of l)
        if (!seen.has(x.contract)) {
          seen.add(x.contract);
          tail.push(x);
        }
  }
  const result = [ref, ...tail.filter((x) => x.contract !== ref.contract)];
  // A result computed with a cycle cut depends on where the walk entered the cycle: do not reuse it.
  if (cycle.cuts === cutsBefore) memo.set(ref.contract, result);
  return result;
}
