/**
 * `diamond/docs` off the server's thread: on a generated 300-facet workspace (custom errors and named arguments,
 * what makes @solidity-parser/parser slow), an edit made while the docs job runs in the worker gets its
 * diagnostics published before the docs answer arrives (ordering by events: the job's start in the log, the
 * diagnostics, the answer); the answer equals the server-thread function's on the same files (a Project built in
 * this process, answered by features/docs-answer.ts); a second request sends the edited file's text alone
 * (content hashes) and sees the edit; map requests superseded while typing all get the latest map.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeWorkspace } from '../../bench/workspace-gen';
import { fileKey } from '../../host/src/files';
import { partitionFolder } from '../../host/src/project-partition';
import type { DocsParams, DocsResult, MapResult } from '../../protocol/requests';
import { docsAnswer } from '../../server/src/features/docs-answer';
import { Project } from '../../server/src/project/project';
import { TestClient, uriOf } from './lsp-client';

/** The server-thread answer: the project as the server builds it, from the same files on disk. */
function inThread(folder: string, params: DocsParams): DocsResult {
  const root = fileKey(folder);
  const project = new Project(root, 'test', root);
  project.syncDiskFiles(partitionFolder(folder).files.get(root) ?? []);
  project.reloadProjectFiles();
  project.flush();
  return docsAnswer(root, project.service.docs(), params);
}

/** Whether the docs say Area2Facet exposes area1Value() (the edit). */
function hasEdit(r: DocsResult): boolean {
  const json = JSON.parse(r.files.find((f) => f.name === 'diamond-docs.json')!.text) as {
    diamonds: { selectors: { signature: string; facet: string }[] }[];
  };
  return json.diamonds.some((d) =>
    d.selectors.some((s) => s.signature === 'area1Value()' && s.facet === 'Area2Facet'),
  );
}

const startedJobs = (logs: readonly string[]) => logs.filter((l) => /\[docs\] job \d+ started/.test(l));

test('diamond/docs runs in the docs worker: diagnostics of an edit come first, the answer is the in-thread one', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'diamond-docs-worker-'));
  const folder = join(tmp, 'ws');
  writeWorkspace(folder, 300, false);
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  try {
    await client.initialize(folder);
    await client.waitFor(
      'the folder analysed',
      () => client.analyses.some((a) => a.folder !== null),
      120_000,
    );
    const params: DocsParams = { format: 'json' };
    const events: string[] = [];
    const answer = (client.conn.sendRequest('diamond/docs', params) as Promise<DocsResult>).then((r) => {
      events.push('docs answer');
      return r;
    });
    await client.waitFor('the docs job to start', () => startedJobs(client.logs).length === 1, 60_000);
    assert.match(
      startedJobs(client.logs)[0],
      /started: docs of .* \((\d+) of \1 texts sent, snapshot [\d.]+ ms\)/,
    );
    events.push('docs job started');

    // An edit while the worker parses: Area2Facet now repeats area1Value().
    const area2 = join(folder, 'facets', 'Area2Facet.sol');
    const uri = uriOf(area2);
    const edited = readFileSync(area2, 'utf8').replace(
      '}\n',
      '    function area1Value() external pure returns (uint256) { return 2; }\n}\n',
    );
    client.open(uri, edited);
    await client.waitFor(
      'the duplicate on Area2Facet',
      () => client.diagnosticsOf(uri, 'duplicate-selector').length > 0,
      60_000,
    );
    events.push('diagnostics');
    const first = await answer;
    assert.deepEqual(events, ['docs job started', 'diagnostics', 'docs answer']);

    // The same answer as the server's thread gives for the files the job saw (the disk: the edit came later).
    assert.deepEqual(first, inThread(folder, params));
    assert.equal(hasEdit(first), false);

    // Again: only the edited file's text goes over, and the answer has the edit.
    const second = (await client.conn.sendRequest('diamond/docs', params)) as DocsResult;
    assert.match(startedJobs(client.logs)[1] ?? '', /\(1 of \d+ texts sent, /);
    assert.equal(hasEdit(second), true);

    // Maps while typing: three requests at once for one diamond, every caller gets the newest map.
    const maps = [1, 2, 3].map((n) => {
      client.change(uri, edited.replace('return 2;', `return ${n};`), 1 + n);
      return client.conn.sendRequest('diamond/map', {}) as Promise<MapResult | null>;
    });
    const drawn = await Promise.all(maps);
    assert.ok(drawn.every((m) => m !== null && m.svg === drawn[2]!.svg && m.svg.startsWith('<svg')));
    // What it cost (read in the log): the snapshot on the server's thread, the job in the worker.
    for (const l of client.logs.filter((x) => x.startsWith('[docs]'))) console.log(l);
  } finally {
    await client.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  assert.deepEqual(client.errorLogs, []);
});
