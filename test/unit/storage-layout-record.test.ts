/**
 * storage-layout-break against recorded layouts (what a deployment record keeps: per namespace, per field,
 * slot/offset/bytes and the type's shape, as JSON) instead of the baseline sources: the same breaks are found,
 * safe changes stay silent, and what only slots show (a namespace whose root moved under the same id) is a break.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../engine/src/config';
import { analyzeStorage } from '../../engine/src/rules/storage-analysis';
import type { FieldLayout } from '../../engine/src/storage/namespace-layout';
import { Workspace } from '../../engine/src/workspace';
import { analyzeFixture, workspaceOf } from './storage-fixtures';

/** The layouts of a folder as a record stores them (through JSON, as a file would). */
function recorded(dir: string): FieldLayout[] {
  const layouts = analyzeStorage(workspaceOf(dir), undefined, defaultConfig()).layouts();
  return JSON.parse(JSON.stringify(layouts.map(({ namespace: _, ...l }) => l))) as FieldLayout[];
}

const breaks = (dir: string, deployed: FieldLayout[]) =>
  analyzeStorage(
    workspaceOf(dir),
    undefined,
    defaultConfig(),
    undefined,
    undefined,
    deployed,
  ).findings.filter((f) => f.rule === 'storage-layout-break');

test('against the recorded layouts: the same breaks, at the same places, as against the baseline sources', () => {
  const fromSources = analyzeFixture('layout/current', { baseline: 'layout/baseline' }).of(
    'storage-layout-break',
  );
  const fromRecord = breaks('layout/current', recorded('layout/baseline'));
  assert.equal(fromSources.length, 8);
  const norm = (fs: typeof fromRecord) =>
    fs
      .map((f) => ({
        file: f.file,
        start: f.start,
        end: f.end,
        message: f.message.replace(/against [^:]+:/, 'against …:'),
      }))
      .sort((a, b) => a.start - b.start || a.message.localeCompare(b.message));
  assert.deepEqual(norm(fromRecord), norm(fromSources));
  for (const f of fromRecord) assert.match(f.message, /against the deployed layout \(deployment record\)/);
});

test('against the recorded layouts: appends, renames and unchanged namespaces are silent', () => {
  assert.deepEqual(breaks('layout/current', recorded('layout/current')), []);
  assert.deepEqual(breaks('layout/baseline', recorded('layout/baseline')), []);
  // LibAppend and LibSafe change safely between the versions: nothing from them.
  const all = breaks('layout/current', recorded('layout/baseline'));
  assert.ok(!all.some((f) => /LibAppend|LibSafe|LibRename/.test(f.message)));
});

test('a namespace whose slot moved under the same id breaks every field (only the slots show it)', () => {
  const src = (expr: string) => `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
library LibMove {
    struct Layout { uint256 a; address b; }
    bytes32 internal constant POSITION = ${expr};
    function layout() internal pure returns (Layout storage l) {
        bytes32 p = POSITION;
        assembly { l.slot := p }
    }
}
`;
  const host = { readFile: () => undefined };
  const ws = (expr: string) => {
    const w = new Workspace(host);
    w.setFile('/p/LibMove.sol', src(expr));
    return w;
  };
  const before = analyzeStorage(
    ws('keccak256("dloop.storage.move.v1")'),
    undefined,
    defaultConfig(),
  ).layouts();
  const deployed = before.map(({ namespace: _, ...l }) => l);
  const after = (expr: string) =>
    analyzeStorage(ws(expr), undefined, defaultConfig(), undefined, undefined, deployed).findings.filter(
      (f) => f.rule === 'storage-layout-break',
    );
  assert.deepEqual(after('keccak256("dloop.storage.move.v1")'), []);
  const moved = after('bytes32(uint256(keccak256("dloop.storage.move.v1")) - 1)');
  assert.equal(moved.length, 1, JSON.stringify(moved.map((f) => f.message)));
  assert.match(moved[0].message, /the namespace moved from slot 0x[0-9a-f]{64} to 0x[0-9a-f]{64}/);
});

test('an incomplete or unknown recorded layout is not compared (the baseline decides)', () => {
  const deployed = recorded('layout/baseline').map((l) => ({ ...l, complete: false }));
  assert.deepEqual(breaks('layout/current', deployed), []);
});
