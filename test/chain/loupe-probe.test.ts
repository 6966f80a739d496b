import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOUPE_PROBE_RUNTIME_CODE } from '../../chain/src/probe/loupe-probe-code';
import { compileLoupeProbe } from '../../chain/src/probe/compile-probe';
import { repoRoot } from './support/env';

test('the embedded probe bytecode is what LoupeProbe.sol compiles to (regenerate with tools/generate-loupe-probe.ts)', async () => {
  assert.equal(LOUPE_PROBE_RUNTIME_CODE, await compileLoupeProbe(repoRoot()));
});
