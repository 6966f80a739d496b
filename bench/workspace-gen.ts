/**
 * Generates the benchmark workspace: N facets, one of them ~850 lines written the way real
 * facets are (custom errors, named struct arguments, events), which is what makes a full
 * @solidity-parser/parser parse slow.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function bigFacetSource(lines = 850, crossFile = false): string {
  const out: string[] = [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity ^0.8.24;',
    '',
    'import {LibBigStorage} from "../libraries/LibBigStorage.sol";',
    ...(crossFile ? ['import {LibTypes} from "../libraries/LibTypes.sol";'] : []),
    '',
    'contract BigFacet {',
    '    error NotAllowed(address who, uint256 amount);',
    '    error TooLarge(uint256 value, uint256 limit);',
    '    event Moved(address indexed from, address indexed to, uint256 amount);',
    '    struct Order { address owner; uint256 amount; uint64 deadline; bool open; }',
    '',
    // Struct parameters declared in another file: their selectors need that file's structs as tuples.
    ...(crossFile
      ? [
          '    function quote(LibTypes.Trade calldata t, LibTypes.Leg[] calldata legs) external pure returns (uint256) { return t.amount + legs.length; }',
          '    function fill(LibTypes.Trade memory t, LibTypes.Side side) external pure returns (bool) { return t.amount > 0 && side == LibTypes.Side.Buy; }',
          '',
        ]
      : []),
  ];
  let i = 0;
  while (out.length < lines - 2) {
    out.push(
      `    /// @notice Moves funds for position ${i}.`,
      `    function move${i}(address to, uint256 amount, bytes32 tag) external returns (uint256) {`,
      `        LibBigStorage.Layout storage s = LibBigStorage.layout();`,
      `        if (to == address(0)) revert NotAllowed({who: to, amount: amount});`,
      `        if (amount > s.limit) revert TooLarge({value: amount, limit: s.limit});`,
      `        Order memory o = Order({owner: msg.sender, amount: amount, deadline: uint64(block.timestamp + ${i}), open: true});`,
      `        s.balances[to] += o.amount;`,
      `        s.tags[tag] = keccak256(abi.encode(o.owner, o.amount, ${i}));`,
      `        emit Moved({from: msg.sender, to: to, amount: amount});`,
      `        return s.balances[to];`,
      `    }`,
      '',
    );
    i++;
  }
  out.push('}', '');
  return out.join('\n');
}

export function smallFacetSource(n: number): string {
  return [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity ^0.8.24;',
    '',
    `contract Area${n}Facet {`,
    `    error Area${n}Failed(uint256 code);`,
    `    function area${n}Value() external pure returns (uint256) { return ${n}; }`,
    `    function area${n}Set(uint256 v) external pure returns (uint256) { if (v == 0) revert Area${n}Failed({code: v}); return v; }`,
    `    function area${n}Owner(address who) external pure returns (bool) { return who != address(0); }`,
    '}',
    '',
  ].join('\n');
}

const LIB = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

library LibBigStorage {
    struct Layout { uint256 limit; mapping(address => uint256) balances; mapping(bytes32 => bytes32) tags; }
    bytes32 internal constant POSITION = keccak256("dloop.storage.big.v1");
    function layout() internal pure returns (Layout storage l) {
        bytes32 p = POSITION;
        assembly { l.slot := p }
    }
}
`;

const LIB_TYPES = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

library LibTypes {
    enum Side { Buy, Sell }
    struct Leg { address token; uint96 weight; }
    struct Trade { address maker; uint256 amount; Leg[2] route; bytes32 tag; }
}
`;

/**
 * The cross-file workload's toggled function: its selector needs LibTypes' structs as tuples, and it
 * duplicates SettleFacet's (a facet never opened in the editor), so each toggle changes both files' diagnostics.
 */
export const CROSS_FILE_DUPLICATE =
  '    function settle(LibTypes.Trade calldata t, LibTypes.Leg[] calldata legs) external pure returns (uint256) { return t.amount + legs.length; }\n';

const SETTLE_FACET = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibTypes} from "../libraries/LibTypes.sol";

contract SettleFacet {
    function settle(LibTypes.Trade calldata t, LibTypes.Leg[] calldata legs) external pure returns (uint256) { return t.amount * legs.length; }
}
`;

export interface BenchWorkspace {
  /** The facet the benchmark edits. */
  big: string;
  /** The unopened facet whose selector the cross-file toggle duplicates (cross-file workload only). */
  settle?: string;
}

/** Writes the workspace under `dir`; returns the big facet's path. */
export function writeBenchWorkspace(dir: string, facets = 100): string {
  return writeWorkspace(dir, facets, false).big;
}

/**
 * `crossFile`: the big facet also takes struct parameters from libraries/LibTypes.sol, and
 * facets/SettleFacet.sol (never opened) exposes CROSS_FILE_DUPLICATE's selector.
 */
export function writeWorkspace(dir: string, facets: number, crossFile: boolean): BenchWorkspace {
  mkdirSync(join(dir, 'facets'), { recursive: true });
  mkdirSync(join(dir, 'libraries'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'libraries', 'LibBigStorage.sol'), LIB);
  for (let n = 1; n < facets; n++)
    writeFileSync(join(dir, 'facets', `Area${n}Facet.sol`), smallFacetSource(n));
  // One duplicate from the start, so cold open has a finding to wait for.
  writeFileSync(
    join(dir, 'facets', 'DupFacet.sol'),
    'pragma solidity ^0.8.24;\ncontract DupFacet {\n    function area1Value() external pure returns (uint256) { return 0; }\n}\n',
  );
  const big = join(dir, 'facets', 'BigFacet.sol');
  writeFileSync(big, bigFacetSource(850, crossFile));
  if (!crossFile) return { big };
  writeFileSync(join(dir, 'libraries', 'LibTypes.sol'), LIB_TYPES);
  const settle = join(dir, 'facets', 'SettleFacet.sol');
  writeFileSync(settle, SETTLE_FACET);
  return { big, settle };
}
