/**
 * A loupe read of an address that is not a diamond, on the real embedded Hardhat node: the loupe facet
 * deployed on its own answers facets() with an empty list (its own, empty, diamond storage), which used
 * to read as "0 facets", an empty diamond. A diamond always routes at least the loupe's own functions,
 * so that is NotADiamondError; a facet without facets() at all stays NoLoupeError.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { compileProject } from '../../chain/src/compile';
import type { Artifact } from '../../chain/src/compile-types';
import { readLoupe } from '../../chain/src/loupe';
import { NoLoupeError, NotADiamondError } from '../../chain/src/loupe-errors';
import { startLocalNode } from '../../chain/src/node';
import { runCli } from './support/cli';
import { artifactNamed, deployContract, deployTestDiamond, withSigner } from './support/diamond';
import { fixture, repoRoot, tempWorkspace } from './support/env';

const ws = tempWorkspace('not-a-diamond');
let artifacts: Artifact[] = [];
let node: { url: string; stop(): Promise<void> };
let loupeFacet: string;
let ownershipFacet: string;
let diamond: string;

before(async () => {
  const r = await compileProject({ root: fixture('diamond'), cacheDir: join(ws.dir, 'cache') });
  assert.deepEqual(
    r.errors.filter((e) => e.severity === 'error'),
    [],
  );
  artifacts = r.contracts;
  node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
  diamond = (await deployTestDiamond(node.url, artifacts)).diamond;
  [loupeFacet, ownershipFacet] = await withSigner(node.url, async (signer) => [
    await deployContract(signer, artifactNamed(artifacts, 'DiamondLoupeFacet')),
    await deployContract(signer, artifactNamed(artifacts, 'OwnershipFacet')),
  ]);
});
after(async () => {
  await node?.stop();
  ws.cleanup();
});

test('the loupe facet deployed on its own is not a diamond (its facets() lists nothing)', async () => {
  const err = await readLoupe({ rpcUrl: node.url, address: loupeFacet, artifacts }).then(
    (v) => assert.fail(`read as a diamond with ${v.facets.length} facet(s)`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof NotADiamondError, String(err));
  assert.ok(err instanceof NoLoupeError, 'faces that handle "no loupe" handle this too');
  assert.equal(err.address, loupeFacet);
  assert.match(err.message, /is not a diamond/);
  assert.match(err.message, /no facets/);
  // The real diamond next to it still reads.
  const v = await readLoupe({ rpcUrl: node.url, address: diamond, artifacts });
  assert.ok(v.facets.length > 0);
});

test('a facet without facets() is NoLoupeError, not an empty diamond', async () => {
  const err = await readLoupe({ rpcUrl: node.url, address: ownershipFacet }).catch((e: unknown) => e);
  assert.ok(err instanceof NoLoupeError, String(err));
  assert.equal(err.address, ownershipFacet);
});

test('diamond loupe on a facet address: exit 1, says it is not a diamond, prints no facet list', async () => {
  const r = await runCli(['loupe', '--rpc', node.url, '--address', loupeFacet], {
    cwd: repoRoot(),
    env: ws.env,
  });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`diamond loupe: ${loupeFacet} is not a diamond`));
  assert.doesNotMatch(r.stderr, /internal error/);
});
