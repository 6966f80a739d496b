/** Helpers for the memory tests: a full GC without --expose-gc, and what typing makes per keystroke. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Heap used after a full GC (node --test passes no --expose-gc: the flag is set at run time). */
export function retainedHeap(): number {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  // Twice: the first pass can leave garbage that only weak callbacks released.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Lines to put before a contract's closing brace at keystroke `i` of typing: a new function
 * signature, a new ERC-7201 id, a new hashed constant and a new contract's name, each seen once.
 * Ends inside the contract `Typed${i}Facet`, which the caller's closing brace closes.
 */
export function typedAt(i: number): string {
  return [
    `    function typed${i}Value(uint256 a) external pure returns (uint256) { return a; }`,
    `    /// @custom:storage-location erc7201:dloop.storage.typed${i}`,
    `    struct Typed${i} { uint256 v; }`,
    `    bytes32 internal constant TYPED_SLOT = keccak256("dloop.storage.typed.constant${i}");`,
    '}',
    `contract Typed${i}Facet {`,
    `    function typed${i}Other() external {}`,
    '',
  ].join('\n');
}
