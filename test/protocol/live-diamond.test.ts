/**
 * `diamond/liveDiamond` through the language server: the client says how the connected diamond routes
 * selectors, live-selector-conflict warnings appear on the local facets (another facet, the diamond
 * itself); excluded contracts and same-name facets stay quiet; `null` clears them; a malformed
 * notification is logged and changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { id } from 'ethers';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { repoRoot, TestClient, uriOf } from './lsp-client';

const sel = (signature: string): string => id(signature).slice(0, 10);
const DIAMOND = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const LEGACY_AT = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const FEE_AT = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const RULE = 'live-selector-conflict';

test('diamond/liveDiamond: warnings appear on the local facets, null clears them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-lsp-live-'));
  cpSync(join(repoRoot(), 'test', 'fixtures', 'workspaces', 'clean'), dir, { recursive: true });
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  const rewards = uriOf(join(dir, 'facets', 'RewardsFacet.sol'));
  const fee = uriOf(join(dir, 'facets', 'FeeFacet.sol'));
  const live = (uri: string) => client.diagnosticsOf(uri, RULE);
  try {
    await client.initialize(dir);
    await client.waitFor('first analysis', () => client.analyses.length > 0);
    assert.deepEqual([...live(rewards), ...live(fee)], []);

    const routing = {
      chainId: 31337,
      address: DIAMOND,
      facets: [
        // RewardsFacet.claim(Kind, address payable) is claim(uint8,address): routed to another facet.
        { address: LEGACY_AT, name: 'LegacyRewardsFacet', selectors: [sel('claim(uint8,address)')] },
        // The same facet name: a Replace, fine. Upper-case hex is accepted.
        {
          address: FEE_AT,
          name: 'FeeFacet',
          selectors: [sel('setFee(uint256)').toUpperCase().replace('0X', '0x')],
        },
        // Routed to the diamond itself: immutable.
        { address: DIAMOND, name: null, selectors: [sel('feeBps()')] },
      ],
    };
    client.conn.sendNotification('diamond/liveDiamond', routing);
    await client.waitFor('live warnings', () => live(rewards).length === 1 && live(fee).length === 1);

    const [claim] = live(rewards);
    assert.equal(claim.severity, DiagnosticSeverity.Warning);
    // Line 9 is RewardsFacet.claim; MockRewardsFacet (excluded by the config) at line 15 is not reported.
    assert.equal(claim.range.start.line, 9);
    assert.match(
      claim.message as string,
      new RegExp(
        `RewardsFacet exposes claim\\(uint8,address\\) \\(${sel('claim(uint8,address)')}\\), already routed to ` +
          `LegacyRewardsFacet \\(${LEGACY_AT}\\) on the connected diamond \\(chain 31337\\): ` +
          'a cut that Adds it reverts: Replace it, or Remove it from LegacyRewardsFacet first',
      ),
    );
    const [immutable] = live(fee);
    assert.equal(immutable.range.start.line, 19);
    assert.match(immutable.message as string, /feeBps\(\).*immutable on the diamond.*no cut can replace it/);

    client.conn.sendNotification('diamond/liveDiamond', { chainId: 'one', address: DIAMOND, facets: [] });
    // Requests are answered in order: once this one is, the notification before it was handled.
    await client.conn.sendRequest('diamond/analysisStats');
    assert.ok(
      client.logs.some((l) => l.includes('ignored a malformed diamond/liveDiamond: chainId')),
      client.logs.join('\n'),
    );
    assert.equal(live(rewards).length, 1);

    client.conn.sendNotification('diamond/liveDiamond', null);
    await client.waitFor('live warnings cleared', () => live(rewards).length + live(fee).length === 0);
    assert.deepEqual(client.errorLogs, []);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diamond/interfaceIds and supportsInterface answers with diamond/liveDiamond: interface-incomplete on the live diamond', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-lsp-live-iface-'));
  cpSync(join(repoRoot(), 'contracts'), dir, { recursive: true });
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  const proxy = uriOf(join(dir, 'Diamond.sol'));
  const found = () => client.diagnosticsOf(proxy, 'interface-incomplete');
  try {
    await client.initialize(dir);
    await client.waitFor('first analysis', () => client.analyses.length > 0, 60_000);
    const { interfaces } = (await client.conn.sendRequest('diamond/interfaceIds')) as {
      interfaces: { id: string; name: string }[];
    };
    assert.deepEqual(
      interfaces.map((i) => `${i.id} ${i.name}`),
      // The standard four and the workspace's own interface (governance/IPastVotes.sol).
      [
        '0x01ffc9a7 IERC165',
        '0x1f931c1c IDiamondCut',
        '0x48e2b093 IDiamondLoupe',
        '0x7f5828d0 IERC173',
        '0xb4152f24 IPastVotes',
      ],
    );
    // The deployed DLOOP routing, as the Facet Explorer reads it, minus facetAddress(bytes4).
    const { contracts } = (await client.conn.sendRequest('diamond/contracts')) as {
      contracts: { name: string; isFacet: boolean; functions: { selector: string }[] }[];
    };
    const deployed = contracts.filter((c) => c.isFacet && c.name !== 'RewardsV2Facet');
    const routing = (drop: string[]) => ({
      chainId: 31337,
      address: DIAMOND,
      facets: deployed.map((c, i) => ({
        address: '0x' + (i + 1).toString(16).padStart(40, '0'),
        name: c.name,
        selectors: c.functions.map((f) => f.selector).filter((s) => !drop.includes(s)),
      })),
      // What the deployed DLOOP diamond answers: the four its init registers.
      interfaces: interfaces.map((i) => ({ id: i.id, supported: i.name !== 'IPastVotes' })),
    });
    client.conn.sendNotification('diamond/liveDiamond', routing([]));
    await client.conn.sendRequest('diamond/analysisStats');
    client.conn.sendNotification('diamond/liveDiamond', routing([sel('facetAddress(bytes4)')]));
    await client.waitFor('the live interface-incomplete', () => found().length === 1);
    assert.equal(found()[0].severity, DiagnosticSeverity.Error);
    assert.match(
      found()[0].message as string,
      new RegExp(
        `^The diamond on chain 31337 at ${DIAMOND} answers supportsInterface\\(0x48e2b093\\) true \\(IDiamondLoupe\\), ` +
          'but facetAddress\\(bytes4\\) \\(0xcdffacc6\\) is routed to no facet on chain',
      ),
    );
    // A malformed answer list is refused as a whole (logged); the last good state stays.
    client.conn.sendNotification('diamond/liveDiamond', {
      ...routing([]),
      interfaces: [{ id: '0x48e2b093', supported: 'yes' }],
    });
    await client.conn.sendRequest('diamond/analysisStats');
    assert.ok(client.logs.some((l) => l.includes('ignored a malformed diamond/liveDiamond: interfaces')));
    assert.equal(found().length, 1);
    // The routing as the sources: cleared.
    client.conn.sendNotification('diamond/liveDiamond', routing([]));
    await client.waitFor('cleared', () => found().length === 0);
    assert.deepEqual(client.errorLogs, []);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
