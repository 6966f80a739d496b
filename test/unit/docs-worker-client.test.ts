/**
 * The docs worker's client (server/src/docs-worker/client.ts) with the built worker (dist/docs-worker.js) and a
 * real Project: a cancelled request leaves the queue unrun; a running job whose caller cancels stops before its
 * next file parse (and the worker still answers the next job, from the texts it holds); a worker that dies fails
 * its request with the reason.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeWorkspace } from '../../bench/workspace-gen';
import { fileKey } from '../../host/src/files';
import { partitionFolder } from '../../host/src/project-partition';
import type { DocsResult } from '../../protocol/requests';
import { DocsWorkerClient, type Cancellation } from '../../server/src/docs-worker/client';
import { Project } from '../../server/src/project/project';
import { repoRoot } from './service-support';

const tmp = mkdtempSync(join(tmpdir(), 'docs-worker-client-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function project(facets: number): Project & { root: string } {
  const folder = join(tmp, `ws-${facets}`);
  writeWorkspace(folder, facets, false);
  const root = fileKey(folder);
  const p = new Project(root, 'test', root);
  p.syncDiskFiles(partitionFolder(folder).files.get(root) ?? []);
  p.reloadProjectFiles();
  return p as Project & { root: string };
}

/** A logger whose lines can be waited on (no sleeps). */
function logger() {
  const lines: string[] = [];
  const waits: { re: RegExp; resolve: () => void }[] = [];
  const add = (l: string) => {
    lines.push(l);
    for (const w of [...waits]) {
      if (!w.re.test(l)) continue;
      waits.splice(waits.indexOf(w), 1);
      w.resolve();
    }
  };
  return {
    lines,
    log: { error: add, warn: add, info: add, log: add },
    when: (re: RegExp) =>
      lines.some((l) => re.test(l))
        ? Promise.resolve()
        : new Promise<void>((resolve) => waits.push({ re, resolve })),
  };
}

function token(): Cancellation & { cancel(): void } {
  const listeners = new Set<() => void>();
  let requested = false;
  return {
    get isCancellationRequested() {
      return requested;
    },
    onCancellationRequested(l) {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
    cancel() {
      requested = true;
      for (const l of listeners) l();
    },
  };
}

const WORKER = join(repoRoot(), 'dist', 'docs-worker.js');
const DOCS = { kind: 'docs' as const, params: { format: 'md' as const } };

test(
  'a cancelled queued request is never run; a cancelled running job stops; the next one is answered',
  { timeout: 120_000 },
  async () => {
    const p = project(200);
    const l = logger();
    const client = new DocsWorkerClient(WORKER, l.log);
    try {
      const running = token();
      const queued = token();
      const first = client.run(p, DOCS, { token: running });
      const second = client.run(p, DOCS, { token: queued });
      queued.cancel();
      assert.equal(await second, undefined);
      await l.when(/job 1 started/);
      running.cancel();
      assert.equal(await first, undefined);
      // The worker stops at its next file parse, long before the 200 facets are parsed.
      await l.when(/job 1 stopped: superseded or cancelled/);
      assert.ok(!l.lines.some((x) => /job 2 started/.test(x)), 'the cancelled queued job never ran');
      // The worker kept the texts of the stopped job: the next one sends none and is answered in full.
      const third = (await client.run(p, DOCS)) as DocsResult;
      assert.ok(
        l.lines.some((x) => /job 3 started: .*\(0 of \d+ texts sent/.test(x)),
        l.lines.join('\n'),
      );
      assert.ok(third.files.some((f) => f.name === 'selectors.md' && f.text.includes('Area199Facet')));
    } finally {
      client.dispose();
    }
  },
);

test('a worker that dies fails its request with the reason', { timeout: 60_000 }, async () => {
  const script = join(tmp, 'dying-worker.js');
  writeFileSync(script, "throw new Error('no engine here');\n");
  const l = logger();
  const client = new DocsWorkerClient(script, l.log);
  try {
    await assert.rejects(client.run(project(3), DOCS), /the docs worker stopped: .*no engine here/);
    assert.ok(l.lines.some((x) => x.startsWith('[docs] the docs worker stopped')));
  } finally {
    client.dispose();
  }
});

test(
  'the worker forgets the engines of projects the server no longer has',
  { timeout: 120_000 },
  async () => {
    const a = project(4);
    const b = project(5);
    const l = logger();
    let roots = [a.root, b.root];
    const client = new DocsWorkerClient(WORKER, l.log, () => roots);
    try {
      await client.run(a, DOCS);
      await client.run(a, DOCS);
      assert.match(l.lines.filter((x) => /started/.test(x))[1], /\(0 of 6 texts sent/);
      // Project a is gone (its folder closed): the next job drops its engine, so a comes back with every text.
      roots = [b.root];
      await client.run(b, DOCS);
      roots = [a.root, b.root];
      await client.run(a, DOCS);
      assert.match(l.lines.filter((x) => /started/.test(x))[3], /\(6 of 6 texts sent/);
    } finally {
      client.dispose();
    }
  },
);
