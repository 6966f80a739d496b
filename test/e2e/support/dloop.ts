/**
 * What the chain end-to-end tests (explorer.test.ts, upgrade.test.ts) share on the bundled DLOOP sample: the
 * ground truth from solc-js, the palette steps that start the node and deploy, reading tree rows and the editor.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, Interface } from 'ethers';
import solc from 'solc';
import { freeFixedPort, withWorkbench, type Session } from '../harness';
import { waitFor } from './wait';
import type { TreeRow, Workbench } from './workbench';

/**
 * `fn` in a workbench on the sample the .vsix bundles (its contracts/), the extension's local node on a free
 * loopback port of its own (`rpcUrl`).
 */
export async function withDloopWorkbench(
  name: string,
  fn: (s: Session, rpcUrl: string) => Promise<void>,
): Promise<void> {
  const port = await freeFixedPort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  await withWorkbench(
    {
      name,
      workspace: (extensionDir) => join(extensionDir, 'contracts'),
      settings: { 'diamond.rpcUrl': rpcUrl, 'diamond.node.port': port },
    },
    (s) => fn(s, rpcUrl),
  );
}

/**
 * solc-js's methodIdentifiers of every contract in the sample's `folders` (e.g. 'facets', 'upgrades'):
 * contract → signature → '0x…' selector.
 */
export function solcSelectors(
  contractsDir: string,
  folders: readonly string[] = ['facets'],
): Map<string, Map<string, string>> {
  const sources: Record<string, { content: string }> = {};
  for (const folder of folders)
    for (const f of readdirSync(join(contractsDir, folder)).filter((n) => n.endsWith('.sol')))
      sources[`${folder}/${f}`] = { content: readFileSync(join(contractsDir, folder, f), 'utf8') };
  const input = {
    language: 'Solidity',
    sources,
    settings: { outputSelection: { '*': { '*': ['evm.methodIdentifiers'] } } },
  };
  const findImports = (path: string) => {
    const file = join(contractsDir, path);
    return existsSync(file) ? { contents: readFileSync(file, 'utf8') } : { error: `not found: ${path}` };
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  assert.deepEqual(errors, [], 'solc compiles the bundled sample');
  const result = new Map<string, Map<string, string>>();
  for (const contracts of Object.values(out.contracts) as Record<
    string,
    { evm: { methodIdentifiers: Record<string, string> } }
  >[]) {
    for (const [name, c] of Object.entries(contracts)) {
      result.set(
        name,
        new Map(Object.entries(c.evm.methodIdentifiers).map(([sig, sel]) => [sig, `0x${sel}`])),
      );
    }
  }
  return result;
}

export async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/**
 * solc-js's selectors of the Rewards v1 → v2 upgrade in the sample at `contractsDir`: both facets
 * (signature → selector), and which v2 selectors replace, add to, and which v1 selectors leave the routing.
 */
export function rewardsUpgradeSelectors(contractsDir: string) {
  const truth = solcSelectors(contractsDir, ['facets', 'upgrades']);
  const v1 = truth.get('RewardsFacet');
  const v2 = truth.get('RewardsV2Facet');
  assert.ok(v1 && v2, 'solc knows both rewards facets');
  const v1Selectors = new Set(v1.values());
  const v2Selectors = new Set(v2.values());
  return {
    v1,
    v2,
    replaced: [...v2].filter(([, sel]) => v1Selectors.has(sel)),
    added: [...v2].filter(([, sel]) => !v1Selectors.has(sel)),
    removed: [...v1].filter(([, sel]) => !v2Selectors.has(sel)),
  };
}

/**
 * Once the extension is up: "Start Local Node", "Deploy DLOOP Diamond", then the Facet Explorer listing
 * RewardsFacet. The diamond's address.
 */
export async function deployDloopAndShow(s: Session, rpcUrl: string): Promise<string> {
  await s.waitForDiamondLog(/\S/, 90_000);
  await startLocalNode(s.workbench, rpcUrl);
  const diamond = await deployDloop(s.workbench);
  await s.workbench.runCommand('Diamond: Show Facet Explorer');
  await s.workbench.waitForTreeRows(
    'Facet Explorer',
    (rs) => rs.some((r) => r.label === 'RewardsFacet'),
    'RewardsFacet listed',
    60_000,
  );
  return diamond;
}

/** "Diamond: Start Local Node" from the palette; resolves once its notification names `rpcUrl`. */
export async function startLocalNode(wb: Workbench, rpcUrl: string): Promise<void> {
  await wb.runCommand('Diamond: Start Local Node');
  await wb.waitForNotification(new RegExp(`Local node running at ${rpcUrl.replace(/\./g, '\\.')}`), 60_000);
}

/** "Diamond: Deploy DLOOP Diamond" from the palette; the diamond's address from its notification. */
export async function deployDloop(wb: Workbench): Promise<string> {
  await wb.runCommand('Diamond: Deploy DLOOP Diamond');
  const deployed = await wb.waitForNotification(/Deployed the DLOOP diamond at 0x[0-9a-fA-F]{40}/, 240_000);
  return /0x[0-9a-fA-F]{40}/.exec(deployed)?.[0] ?? '';
}

/** Rows under the row labelled `label` (one level deeper, until the next row at its level). */
export function childrenOf(rows: TreeRow[], label: string): TreeRow[] {
  const at = rows.findIndex((r) => r.label === label);
  if (at < 0) return [];
  const out: TreeRow[] = [];
  for (const r of rows.slice(at + 1)) {
    if (r.level <= rows[at].level) break;
    if (r.level === rows[at].level + 1) out.push(r);
  }
  return out;
}

/** 1-based number of the line declaring `function <name>(` in `file` (0 when none does) and its text. */
export function declarationLine(file: string, name: string): { line: number; text: string } {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const at = lines.findIndex((l) => new RegExp(`\\bfunction\\s+${name}\\s*\\(`).test(l));
  return { line: at + 1, text: at < 0 ? '' : lines[at] };
}

/** Waits until the active editor is `path` (breadcrumbs) with the cursor on `line` (status bar). */
export async function waitForEditorAt(
  wb: Workbench,
  path: string,
  line: number,
  timeoutMs = 15_000,
): Promise<{ path: string; line: number; column: number; selected: number }> {
  let last: unknown;
  try {
    return await waitFor(
      async () => {
        const seen = { path: await wb.activeEditorPath(), ...(await wb.cursorPosition()) };
        last = seen;
        return seen.path === path && seen.line === line
          ? { ...seen, line, column: seen.column ?? 0, selected: seen.selected ?? 0 }
          : undefined;
      },
      { timeoutMs, what: `the editor to show ${path} at line ${line}`, intervalMs: 250 },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\nlast seen: ${JSON.stringify(last)}`, { cause: err });
  }
}

const LOUPE = new Interface([
  'function facets() view returns (tuple(address facetAddress, bytes4[] functionSelectors)[])',
]);

/** The diamond's routing read here over JSON-RPC with facets(): selector ('0x…', lower case) → facet address. */
export async function routingOverRpc(url: string, diamond: string): Promise<Map<string, string>> {
  const raw = await rpc<string>(url, 'eth_call', [
    { to: diamond, data: LOUPE.encodeFunctionData('facets') },
    'latest',
  ]);
  const [facets] = LOUPE.decodeFunctionResult('facets', raw) as unknown as [
    { facetAddress: string; functionSelectors: string[] }[],
  ];
  const out = new Map<string, string>();
  for (const f of facets)
    for (const s of f.functionSelectors) out.set(s.toLowerCase(), getAddress(f.facetAddress));
  return out;
}

/**
 * Plan Upgrade's questions as Simulate Upgrade and Propose Upgrade ask them (`face`: 'Simulate Upgrade'), answered
 * for the sample's worked example: "DLOOP after the Rewards v2 upgrade" with RewardsMigrationV2.migrate(uint16) and
 * [15000]. Run the command first.
 */
export async function answerRewardsV2Plan(wb: Workbench, face: string): Promise<void> {
  await wb.waitForQuickInput((q) => q.title.includes(`${face}: which diamond`), 'the diamond QuickPick');
  await wb.pickQuickItem('DLOOP after the Rewards v2 upgrade');
  await wb.waitForQuickInput((q) => /run an init/.test(q.title), 'the init QuickPick', 120_000);
  await wb.pickQuickItem('RewardsMigrationV2');
  await wb.waitForQuickInput(
    (q) => q.title.includes('arguments of RewardsMigrationV2.migrate(uint16)'),
    'the arguments box',
  );
  await wb.typeInQuickInput('[15000]');
  await wb.waitForQuickInput(
    (q) => q.message.startsWith('A JSON array'),
    'the arguments box to take [15000]',
  );
  await wb.acceptQuickInput();
}

/** What the e2e edits add to RewardsV2Facet: a new function, so the cut Adds its selector. */
export const ADDED_FUNCTION =
  'function rewardsVersion() external pure returns (uint256) {\n        return 2;\n    }\n';

/** Edits a facet of the upgrade on disk, as a user saving it: `upgrades/RewardsV2Facet.sol` gets ADDED_FUNCTION. */
export function addFunctionToRewardsV2(contractsDir: string): void {
  const v2File = join(contractsDir, 'upgrades', 'RewardsV2Facet.sol');
  const source = readFileSync(v2File, 'utf8');
  const end = source.lastIndexOf('}');
  writeFileSync(v2File, `${source.slice(0, end)}\n    ${ADDED_FUNCTION}}\n`);
}
