/**
 * JIT warm-up of the edit path, once per server process, before the first workspace is indexed.
 *
 * The first edits after opening a workspace ran 3–10× slower than later ones: the code an edit runs (the
 * incremental re-parse of a changed chunk, the reuse checks of per-contract selector lists and storage scans,
 * the rules over a new version) had run at most once, during the cold analysis, and V8 compiles and optimises
 * functions only as they get hot. Here a scratch engine service, on a small synthetic workspace of its own
 * (nothing of the user's), is edited the way typing edits a facet, so those functions are compiled and
 * optimised when the user's first keystroke arrives. It costs a fixed few tens of milliseconds of cold open
 * (BENCHMARKS.md, "Edit latency: the tail"): 8 edits of a 6-function facet; 24 of 12 cost 3× more for little more.
 */
import { createAnalysisService, LineIndex } from '../../engine';

/** Toggles of the scratch facet: enough for V8 to optimise the functions an edit runs. */
export const WARM_UP_EDITS = 8;

const LIB = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
library LibWarm {
    enum Side { Buy, Sell }
    struct Leg { address token; uint96 weight; }
    struct Layout { uint256 limit; mapping(address => uint256) balances; }
    bytes32 internal constant POSITION = keccak256("warm.up.storage");
    function layout() internal pure returns (Layout storage l) {
        bytes32 p = POSITION;
        assembly { l.slot := p }
    }
}
`;

function facet(name: string, functions: number, extra: string): string {
  const out = [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity ^0.8.24;',
    'import {LibWarm} from "./LibWarm.sol";',
    `contract ${name} {`,
    '    error NotAllowed(address who, uint256 amount);',
    '    event Moved(address indexed from, uint256 amount);',
  ];
  for (let i = 0; i < functions; i++)
    out.push(
      `    /// @notice Step ${i}.`,
      `    function step${i}(address to, uint256 amount, LibWarm.Leg calldata leg) external returns (uint256) {`,
      '        LibWarm.Layout storage s = LibWarm.layout();',
      '        if (to == address(0)) revert NotAllowed({who: to, amount: amount});',
      `        s.balances[to] += amount + leg.weight + ${i};`,
      '        emit Moved({from: msg.sender, amount: amount});',
      '        return s.balances[to];',
      '    }',
    );
  out.push(extra, '}', '');
  return out.join('\n');
}

/** DIAMOND_NO_WARM_UP=1 turns it off (benchmarks measure what it buys). */
export function warmUpWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.DIAMOND_NO_WARM_UP || env.DIAMOND_NO_WARM_UP === '0';
}

/**
 * Runs the warm-up; returns how long it took and how many findings the edits produced (duplicates between
 * the scratch facets: the rules ran on real findings). Never throws (a warm-up must not cost the server).
 */
export function warmUpEditPath(edits = WARM_UP_EDITS): { ms: number; findings: number } {
  const t0 = performance.now();
  let findings = 0;
  try {
    const root = '/diamond-warm-up';
    const service = createAnalysisService({ readFile: () => undefined }, { root });
    const duplicate =
      '    function step0(address to, uint256 amount, LibWarm.Leg calldata leg) external returns (uint256) {}';
    const files: [string, string][] = [
      [`${root}/LibWarm.sol`, LIB],
      [`${root}/OtherFacet.sol`, facet('OtherFacet', 2, '')],
    ];
    for (const [file, text] of files) service.updateFile(file, text);
    const edited = `${root}/WarmFacet.sol`;
    const texts = [facet('WarmFacet', 6, ''), facet('WarmFacet', 6, duplicate.replace('step0', 'stepX'))];
    texts.push(texts[1].replace('stepX', 'step0'));
    for (let i = 0; i < edits; i++) {
      const text = texts[i % texts.length];
      service.updateFile(edited, text);
      const index = new LineIndex(text);
      for (const f of service.findings()) {
        findings++;
        if (f.file === edited) index.positionAt(f.start);
      }
    }
  } catch {
    /* nothing to warm: the first edits are slower, nothing else changes */
  }
  return { ms: performance.now() - t0, findings };
}
