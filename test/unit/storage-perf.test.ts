/**
 * Cost of the storage analysis in a 100-facet workspace (100 namespace libraries and the ~850-line
 * facet of the benchmark), on top of parsing: cold, and after an edit of one facet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../engine/src/config';
import { analyzeStorage } from '../../engine/src/rules/storage-analysis';
import { Workspace } from '../../engine/src/workspace';
import { bigFacetSource } from '../../bench/workspace-gen';

const ROOT = '/bench-storage';

function library(n: number): string {
  const id = `dloop.storage.area${n}.v1`;
  // Half diamond storage (keccak), half ERC-7201 written out: both evaluated.
  const slot =
    n % 2
      ? `keccak256("${id}")`
      : `keccak256(abi.encode(uint256(keccak256("${id}")) - 1)) & ~bytes32(uint256(0xff))`;
  return `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

library LibArea${n} {
    /// @custom:storage-location erc7201:${id}
    struct Layout {
        uint256 total;
        mapping(address => uint256) balances;
        address owner;
    }

    bytes32 internal constant POSITION = ${slot};

    function layout() internal pure returns (Layout storage l) {
        bytes32 position = POSITION;
        assembly {
            l.slot := position
        }
    }
}
`;
}

function facet(n: number, salt = 0): string {
  return `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LibArea${n}} from "../libraries/LibArea${n}.sol";

contract Area${n}Facet {
    event Set(uint256 value);

    function area${n}Total() external view returns (uint256) {
        return LibArea${n}.layout().total + ${salt};
    }

    function area${n}Set(uint256 v) external {
        LibArea${n}.layout().total = v;
        emit Set(v);
    }
}
`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('100 facets: analysis cost on top of parsing, cold and per edit', () => {
  const ws = new Workspace({ readFile: () => undefined });
  let t = performance.now();
  for (let n = 1; n <= 100; n++) {
    ws.setFile(`${ROOT}/libraries/LibArea${n}.sol`, library(n));
    ws.setFile(`${ROOT}/facets/Area${n}Facet.sol`, facet(n));
  }
  ws.setFile(`${ROOT}/facets/BigFacet.sol`, bigFacetSource().replace(/import \{LibBigStorage\}.*\n/, ''));
  const parseMs = performance.now() - t;

  t = performance.now();
  const cold = analyzeStorage(ws, undefined, defaultConfig());
  const coldMs = performance.now() - t;
  // Half the namespaces are keccak256 ids under an erc7201 annotation: exactly those mismatch.
  assert.equal(cold.namespaces.length, 100);
  assert.equal(cold.findings.filter((f) => f.rule === 'erc7201-slot-mismatch').length, 50);
  assert.equal(cold.findings.length, 50);

  const edits: number[] = [];
  const editsCpu: number[] = [];
  const reparse: number[] = [];
  for (let i = 1; i <= Number(process.env.STORAGE_PERF_EDITS ?? 21); i++) {
    const p = performance.now();
    ws.setFile(`${ROOT}/facets/Area7Facet.sol`, facet(7, i));
    const a = performance.now();
    const cpu = process.cpuUsage();
    const r = analyzeStorage(ws, undefined, defaultConfig());
    const used = process.cpuUsage(cpu);
    edits.push(performance.now() - a);
    editsCpu.push((used.user + used.system) / 1000);
    reparse.push(a - p);
    assert.equal(r.findings.length, 50);
  }
  const editMs = median(edits);
  const editCpuMs = median(editsCpu);
  console.log(
    `storage analysis, 201 files: parse ${parseMs.toFixed(1)} ms, cold analysis ${coldMs.toFixed(1)} ms, ` +
      `after an edit: re-parse ${median(reparse).toFixed(2)} ms + analysis ${editMs.toFixed(2)} ms ` +
      `(${editCpuMs.toFixed(2)} ms CPU; medians of ${edits.length})`,
  );
  // CPU time, not wall time: other processes on a shared machine do not count. Generous bound; the
  // printed numbers are the measurement.
  assert.ok(editCpuMs < 40, `analysis after an edit took ${editCpuMs.toFixed(1)} ms of CPU`);
});
