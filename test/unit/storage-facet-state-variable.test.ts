/** facet-state-variable: ordinary state variables in facets, the AppStorage pattern and its consistency. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../engine/src/config';
import { analyzeStorage } from '../../engine/src/rules/storage-analysis';
import { analyzeFixture } from './storage-fixtures';

test('AppStorage in a shared base or declared directly, constants, immutables and transients: no finding', () => {
  const r = analyzeFixture('appstorage');
  assert.deepEqual(r.findings, [], 'LibAppStorage places the same struct at slot 0: no collision either');
  const app = r.namespaces.filter((n) => n.scheme === 'appstorage');
  assert.equal(app.length, 1, 'both facets share one AppStorage namespace');
  assert.equal(app[0].struct, 'AppStorage');
  assert.equal(app[0].slot, '0x' + '0'.repeat(64));
});

test('a contract that is not a facet may keep state; given as a facet, it is flagged', () => {
  const r = analyzeFixture('appstorage', {
    facets: (ws) => ws.contracts().filter((c) => c.contract.name === 'Token'),
  });
  const names = r.of('facet-state-variable').map((f) => r.textAt(f));
  assert.deepEqual(names.sort(), ['balanceOf', 'totalSupply']);
});

test('facets of one diamond with different AppStorage structs, and a variable after AppStorage', () => {
  const r = analyzeFixture('appstorage-mixed');
  const found = r.of('facet-state-variable');
  assert.equal(found.length, 2, JSON.stringify(found.map((f) => f.message)));
  const mismatch = found.find((f) => f.message.includes('OtherStorage'))!;
  assert.ok(mismatch, 'CFacet puts another struct at slot 0');
  assert.equal(r.textAt(mismatch), 's');
  assert.match(
    mismatch.message,
    /facet `CFacet` puts AppStorage struct `OtherStorage` at slot 0, but facet `AFacet` uses `AppStorage`/,
  );
  assert.equal(mismatch.related.length, 1);
  assert.equal(r.textAt(mismatch.related[0]), 's');
  assert.equal(mismatch.severity, 'error');
  const extra = found.find((f) => r.textAt(f) === 'extra')!;
  assert.ok(extra, 'a variable after AppStorage');
  assert.match(extra.message, /facet `DFacet` declares state variable `extra` after its AppStorage `s`/);
});

test('AppStorage agreement is per diamond', () => {
  const r = analyzeFixture('appstorage-mixed', {
    facets: (ws) => ws.contracts().filter((c) => c.contract.name !== 'DFacet'),
  });
  assert.equal(r.of('facet-state-variable').length, 1);
  const ws = r.ws;
  const byName = (n: string) => ws.contracts().filter((c) => c.contract.name === n);
  const split = analyzeStorage(ws, undefined, defaultConfig(), undefined, [
    [...byName('AFacet'), ...byName('BFacet')],
    byName('CFacet'),
  ]);
  assert.deepEqual(
    split.findings.filter((f) => f.rule === 'facet-state-variable'),
    [],
  );
});

test('ordinary state variables, own and inherited, once per declaration', () => {
  const r = analyzeFixture('state-vars');
  const found = r.of('facet-state-variable');
  assert.deepEqual(found.map((f) => r.textAt(f)).sort(), ['counter', 'paused']);
  const paused = found.find((f) => r.textAt(f) === 'paused')!;
  assert.match(
    paused.message,
    /`PausableBase` \(inherited by facet `CounterFacet`, `PauseFacet`\) declares state variable `paused`/,
  );
  assert.deepEqual(paused.related.map((p) => r.textAt(p)).sort(), ['CounterFacet', 'PauseFacet']);
  const counter = found.find((f) => r.textAt(f) === 'counter')!;
  assert.match(counter.message, /^facet `CounterFacet` declares state variable `counter`/);
});
