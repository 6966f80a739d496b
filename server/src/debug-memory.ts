/**
 * Debug-only memory probes, off unless the environment asks for them (nothing here runs for users):
 *   DIAMOND_DEBUG_MEMORY=1       answers the `diamond/debug/memory` request (benchmarks, leak hunts);
 *   DIAMOND_DEBUG_MEMORY_LOG=N   also logs `[memory] ...` after every N analyses (implies the request).
 * Both force a full garbage collection first: RSS alone cannot tell retained memory from garbage the
 * young generation has not collected yet (V8 grows it to its maximum under a steady edit load).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const DEBUG_MEMORY_METHOD = 'diamond/debug/memory';

/** `process.memoryUsage()` right after a full GC, in bytes. */
export interface MemoryAfterGc {
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

export interface DebugMemoryOptions {
  /** The request is registered. */
  request: boolean;
  /** Log every this many analyses (0: never). */
  logEvery: number;
}

export function debugMemoryOptions(env: NodeJS.ProcessEnv = process.env): DebugMemoryOptions {
  const every = Number(env.DIAMOND_DEBUG_MEMORY_LOG ?? 0);
  const logEvery = Number.isInteger(every) && every > 0 ? every : 0;
  const on = env.DIAMOND_DEBUG_MEMORY;
  return { request: logEvery > 0 || (on !== undefined && on !== '' && on !== '0'), logEvery };
}

let collect: (() => void) | undefined;

/** A full GC without starting node with --expose-gc: the flag is set at run time and `gc` read off a fresh context. */
function gcFunction(): () => void {
  if (!collect) {
    const own = (globalThis as { gc?: () => void }).gc;
    if (own) collect = own;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  return collect;
}

export function memoryAfterGc(): MemoryAfterGc {
  const gc = gcFunction();
  // Twice: the first pass can leave garbage that only a finaliser or weak callback released.
  gc();
  gc();
  const m = process.memoryUsage();
  return {
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    rss: m.rss,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

const mib = (bytes: number) => (bytes / 1048576).toFixed(1);

export function describeMemory(m: MemoryAfterGc): string {
  return `heap used ${mib(m.heapUsed)} MiB after GC (heap total ${mib(m.heapTotal)} MiB), RSS ${mib(m.rss)} MiB`;
}
