/**
 * `diamond check --rpc URL --address ADDR` against the bundled DLOOP diamond deployed on the embedded
 * Hardhat node: a new local facet exposing pause() (CoreFacet serves it on chain) and diamondGenesis()
 * (immutable on the diamond) gets live-selector-conflict warnings naming CoreFacet and the diamond; the
 * unchanged contracts/ get none (RewardsV2Facet's planned replacement of RewardsFacet included); an RPC
 * that does not answer is exit 2 with a clear message. interface-incomplete, live: none on the untouched diamond;
 * after a cut (sent by the impersonated owner) removes facetAddress(bytes4) while supportsInterface still claims
 * the loupe, an error at the diamond contract naming the chain, the address and the missing function.
 * `diamond docs --rpc --address`: the selector registry's live section, untouched and after that cut.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Interface, JsonRpcProvider, ZeroAddress, id, toBeHex } from 'ethers';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { freePort } from './support/anvil';
import { runCli } from './support/cli';
import { repoRoot, tempWorkspace } from './support/env';

const ws = tempWorkspace('cli-live');
after(() => ws.cleanup());

const PAUSE_GUARD = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A new facet that repeats functions the deployed diamond already routes elsewhere.
contract PauseGuardFacet {
    event GuardPaused(address by);

    function pause() external {
        emit GuardPaused(msg.sender);
    }

    function diamondGenesis() external pure returns (uint256) {
        return 0;
    }

    function pauseGuardVersion() external pure returns (uint256) {
        return 1;
    }
}
`;

/** A workspace holding a copy of the bundled contracts/ (no deployment record: names come from bytecode). */
function workspace(name: string, extra?: { file: string; text: string }): string {
  const root = join(ws.dir, name);
  cpSync(join(repoRoot(), 'contracts'), join(root, 'contracts'), { recursive: true });
  if (extra) writeFileSync(join(root, 'contracts', extra.file), extra.text);
  return root;
}

interface CheckJson {
  findings: { rule: string; severity: string; file: string; line: number; message: string }[];
}

describe('diamond check --rpc and diamond docs --rpc against the DLOOP diamond on the embedded Hardhat node', () => {
  let node: LocalNode;
  let diamond: string;
  before(async () => {
    node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
    const r = await runCli(['deploy', '--rpc', node.url, '--json', '--root', workspace('deployed')], {
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(r.code, 0, r.stderr);
    diamond = (JSON.parse(r.stdout) as { diamond: string }).diamond;
  });
  after(async () => node?.stop());

  const check = (cwd: string, extra: string[] = []) =>
    runCli(['check', '.', '--rpc', node.url, '--address', diamond, ...extra], { cwd, env: ws.env });

  test('a new facet exposing pause(): a warning naming CoreFacet, exit 0', async () => {
    const root = workspace('with-guard', { file: 'facets/PauseGuardFacet.sol', text: PAUSE_GUARD });
    const r = await check(root, ['--json']);
    assert.equal(r.code, 0, r.stderr);
    const live = (JSON.parse(r.stdout) as CheckJson).findings.filter(
      (f) => f.rule === 'live-selector-conflict',
    );
    assert.equal(live.length, 2, r.stdout);
    assert.ok(
      live.every((f) => f.severity === 'warning' && f.file === 'contracts/facets/PauseGuardFacet.sol'),
    );
    const [pause, genesis] = live;
    assert.equal(pause.line, 8);
    const pauseSel = id('pause()').slice(0, 10);
    assert.match(
      pause.message,
      new RegExp(
        `PauseGuardFacet exposes pause\\(\\) \\(${pauseSel}\\), already routed to CoreFacet \\(0x[0-9a-fA-F]{40}\\) ` +
          'on the connected diamond \\(chain 31337\\): a cut that Adds it reverts: Replace it, or Remove it from CoreFacet first',
      ),
    );
    assert.equal(genesis.line, 12);
    assert.ok(genesis.message.includes(`immutable on the diamond ${diamond}`), genesis.message);
    // The text output says the same, one line per finding.
    const text = await check(root);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /contracts\/facets\/PauseGuardFacet\.sol:8:\d+ warning live-selector-conflict .*CoreFacet/,
    );
  });

  test('the unchanged contracts/: no live-selector-conflict', async () => {
    const r = await check(workspace('unchanged'), ['--json']);
    assert.equal(r.code, 0, r.stderr);
    const findings = (JSON.parse(r.stdout) as CheckJson).findings;
    assert.deepEqual(
      findings.filter((f) => f.rule === 'live-selector-conflict' || f.rule === 'interface-incomplete'),
      [],
    );
  });

  /** `diamond docs --rpc --address` into a folder of its own: the selector registry's live section. */
  async function liveSection(root: string): Promise<{ heading: string; routed: number; rows: string[] }> {
    const out = join(root, 'generated');
    const r = await runCli(['docs', '.', '--rpc', node.url, '--address', diamond, '--out', out], {
      cwd: root,
      env: ws.env,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const text = readFileSync(join(out, 'selectors.md'), 'utf8');
    const at = text.indexOf('## On chain ');
    assert.ok(at >= 0, text);
    const section = text.slice(at).split('\n');
    const counts =
      /^What the connected diamond routes: (\d+) selectors? as the local facets have them, (\d+) different\.$/.exec(
        section[2],
      );
    assert.ok(counts, section[2]);
    const rows = section.filter((l) => l.startsWith('| `0x'));
    assert.equal(rows.length, Number(counts[2]));
    return { heading: section[0], routed: Number(counts[1]), rows };
  }
  let untouched: { heading: string; routed: number; rows: string[] };

  test('diamond docs --rpc on the untouched diamond: every deployed selector as the sources, the v2 facet not on chain', async () => {
    untouched = await liveSection(workspace('docs-untouched'));
    assert.equal(untouched.heading, `## On chain 31337: \`${diamond}\``);
    assert.ok(untouched.routed > 40, String(untouched.routed));
    // What differs is RewardsV2Facet's own functions (a planned upgrade, not deployed), and nothing else.
    assert.ok(untouched.rows.length > 0);
    assert.ok(
      untouched.rows.every((r) => r.endsWith('| `RewardsV2Facet` | in the local facet, not on chain |')),
      untouched.rows.join('\n'),
    );
  });

  test('a cut removes facetAddress(bytes4) and supportsInterface still claims the loupe: interface-incomplete at the diamond', async () => {
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, batchMaxCount: 1 });
    const snapshot = await provider.send('evm_snapshot', []);
    try {
      const ownerWord = await provider.call({ to: diamond, data: id('owner()').slice(0, 10) });
      const owner = '0x' + ownerWord.slice(26);
      await provider.send('hardhat_impersonateAccount', [owner]);
      await provider.send('hardhat_setBalance', [owner, toBeHex(10n ** 20n)]);
      const cut = new Interface([
        'function diamondCut((address facetAddress, uint8 action, bytes4[] functionSelectors)[] cut, address init, bytes data)',
      ]).encodeFunctionData('diamondCut', [[[ZeroAddress, 2, ['0xcdffacc6']]], ZeroAddress, '0x']);
      const hash = await provider.send('eth_sendTransaction', [{ from: owner, to: diamond, data: cut }]);
      const receipt = await provider.waitForTransaction(hash, 1, 30_000);
      assert.equal(receipt?.status, 1, 'the cut is mined');
      // The claim stays: the loupe facet answers true for IDiamondLoupe.
      const claim = await provider.call({ to: diamond, data: '0x01ffc9a7' + '48e2b093'.padEnd(64, '0') });
      assert.equal(BigInt(claim), 1n);

      const r = await check(workspace('cut-loupe'), ['--json']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const found = (JSON.parse(r.stdout) as CheckJson).findings.filter(
        (f) => f.rule === 'interface-incomplete',
      );
      assert.deepEqual(
        found.map((f) => [f.severity, f.file, f.line]),
        [['error', 'contracts/Diamond.sol', 12]],
        r.stdout,
      );
      assert.equal(
        found[0].message,
        `The diamond on chain 31337 at ${diamond} answers supportsInterface(0x48e2b093) true (IDiamondLoupe), ` +
          'but facetAddress(bytes4) (0xcdffacc6) is routed to no facet on chain: calls to it revert. ' +
          'Cut the facet that implements it back in, or stop claiming the interface',
      );

      // diamond docs --rpc: the registry's live section names the selector the chain no longer routes.
      const live = await liveSection(workspace('docs-cut'));
      assert.equal(live.routed, untouched.routed - 1);
      // Sorted by selector, as the registry lists them.
      assert.deepEqual(live.rows, [
        ...untouched.rows,
        '| `0xcdffacc6` | `facetAddress(bytes4)` | `DiamondLoupeFacet` | in the local facet, not on chain |',
      ]);
    } finally {
      await provider.send('evm_revert', [snapshot]);
      provider.destroy();
    }
  });

  test('the RPC does not answer: exit 2 naming the endpoint', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await runCli(['check', '.', '--rpc', url, '--address', diamond], {
      cwd: workspace('down'),
      env: ws.env,
    });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`diamond check: cannot read the live diamond: RPC endpoint ${url}.* unreachable`),
    );
    assert.equal(r.stdout, '');
  });

  test('--rpc without --address is a usage error', async () => {
    const r = await runCli(['check', '.', '--rpc', node.url], { cwd: ws.dir, env: ws.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--rpc and --address go together/);
  });
});
