/**
 * No silent passes (issue "faults and hostile input", item 5): what `diamond check` and `diamond selectors`
 * could not read, or found nothing in, is said (stderr, and `skipped: [{file, reason}]` in --json), and checking
 * nothing is a usage error (exit 2), not "no problems found".
 *
 * Tests run as root in CI, where chmod 000 reads fine; the unreadable cases here are ones root meets too:
 * a dangling symbolic link named X.sol (a vendored file whose target is gone, e.g. a submodule not checked out),
 * a FIFO named X.sol (reading it would block forever), and a file saved as UTF-16 (with or without a byte-order
 * mark: not text the parser or solc can read). Permission errors (EACCES, non-root) take the same path as the
 * dangling link. Latin-1 bytes in an otherwise ASCII file are read (as solc reads comments: any bytes), so the
 * duplicate in it is still found.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { repoRoot } from './service-support';

const ROOT = repoRoot();
const CLI = join(ROOT, 'dist', 'cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'diamond-skipped-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function diamond(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.error, undefined, `diamond ${args.join(' ')} ran to its end (${String(r.error)})`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface CheckJson {
  findings: { rule: string; file: string }[];
  skipped: { file: string; reason: string }[];
}

let n = 0;
/** A copy of the duplicate fixture (two facets exposing transfer(address,uint256)), TokenFacet.sol replaced. */
function duplicateWith(replace: (file: string) => void): string {
  const dir = join(tmp, `dup-${n++}`);
  cpSync(join(ROOT, 'test/fixtures/workspaces/duplicate'), dir, { recursive: true });
  const file = join(dir, 'facets', 'TokenFacet.sol');
  unlinkSync(file);
  replace(file);
  return dir;
}

const TOKEN_FACET = readFileSync(
  join(ROOT, 'test/fixtures/workspaces/duplicate/facets/TokenFacet.sol'),
  'utf8',
);

describe('a .sol file that cannot be read hides a real duplicate: said, and not a pass', () => {
  const cases: { name: string; make: (file: string) => void; reason: RegExp }[] = [
    {
      name: 'a dangling symbolic link',
      make: (f) => symlinkSync(join(tmp, 'gone', 'TokenFacet.sol'), f),
      reason: /symbolic link.*missing/,
    },
    {
      name: 'a FIFO (reading would block)',
      make: (f) => {
        const r = spawnSync('mkfifo', [f]);
        assert.equal(r.status, 0, 'mkfifo');
      },
      reason: /not a regular file/,
    },
    {
      name: 'saved as UTF-16',
      make: (f) =>
        writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TOKEN_FACET, 'utf16le')])),
      reason: /UTF-16/,
    },
    {
      name: 'saved as UTF-16 without a byte-order mark',
      make: (f) => writeFileSync(f, Buffer.from(TOKEN_FACET, 'utf16le')),
      reason: /NUL bytes/,
    },
  ];
  for (const c of cases) {
    test(`${c.name}: stderr and --json say it was skipped and why; exit 2`, () => {
      const dir = duplicateWith(c.make);
      const text = diamond(['check', '.'], dir);
      assert.equal(text.code, 2, `not a pass:\n${text.stdout}${text.stderr}`);
      assert.match(
        text.stderr,
        new RegExp(`^diamond check: skipped facets/TokenFacet\\.sol: .*${c.reason.source}`, 'm'),
      );
      assert.doesNotMatch(text.stderr, /no problems found/);
      const json = diamond(['check', '.', '--json'], dir);
      assert.equal(json.code, 2);
      const out = JSON.parse(json.stdout) as CheckJson;
      assert.deepEqual(Object.keys(out), ['findings', 'skipped', 'summary']);
      assert.equal(out.skipped.length, 1, JSON.stringify(out.skipped));
      assert.equal(out.skipped[0].file, 'facets/TokenFacet.sol');
      assert.match(out.skipped[0].reason, c.reason);
      const selectors = diamond(['selectors', '.'], dir);
      assert.match(selectors.stderr, /^diamond selectors: skipped facets\/TokenFacet\.sol: /m);
      assert.equal(selectors.code, 2);
    });
  }
});

test('Latin-1 bytes in a string or comment: read as before, the duplicate in the file is found', () => {
  const dir = duplicateWith((f) =>
    writeFileSync(
      f,
      Buffer.from(TOKEN_FACET.replace('return "DLOOP";', 'return "DLOOP"; // café'), 'latin1'),
    ),
  );
  const r = diamond(['check', '.', '--json'], dir);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as CheckJson;
  assert.deepEqual(out.skipped, []);
  assert.deepEqual(
    out.findings.map((f) => f.rule),
    ['duplicate-selector', 'duplicate-selector'],
  );
});

describe('checking nothing is a usage error, not "no problems found"', () => {
  test('a folder with no .sol files', () => {
    const dir = join(tmp, 'empty');
    mkdirSync(join(dir, 'docs'), { recursive: true });
    writeFileSync(join(dir, 'docs', 'README.md'), '# nothing\n');
    const r = diamond(['check', '.'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^diamond check: skipped \.: no \.sol files/m);
    assert.match(r.stderr, /nothing to check/);
    assert.doesNotMatch(r.stderr, /no problems found/);
    const json = diamond(['check', '.', '--json'], dir);
    assert.equal(json.code, 2);
  });

  test('a file that is not Solidity', () => {
    const dir = join(tmp, 'not-solidity');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'README.md'), 'contract A { function f() external {} }\n');
    const r = diamond(['check', 'README.md'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^diamond check: skipped README\.md: not a \.sol file/m);
    assert.doesNotMatch(r.stderr, /no problems found/);
  });

  test('a .sol file with no parsable contract', () => {
    const dir = join(tmp, 'no-contract');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Notes.sol'), 'These are release notes, saved with the wrong extension.\n');
    const r = diamond(['check', 'Notes.sol'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^diamond check: skipped Notes\.sol: declares nothing/m);
    assert.doesNotMatch(r.stderr, /no problems found/);
    const sel = diamond(['selectors', 'Notes.sol', '--json'], dir);
    assert.equal(sel.code, 2, sel.stderr);
  });
});

describe('what is read and declares something is not reported', () => {
  test('a facet beside a struct-only AppStorage file and an empty note: only the note is skipped; exit 0', () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(dir, { recursive: true });
    const header = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n';
    writeFileSync(join(dir, 'AppStorage.sol'), `${header}struct AppStorage { uint256 total; }\n`);
    writeFileSync(
      join(dir, 'PingFacet.sol'),
      `${header}contract PingFacet { function ping() external {} }\n`,
    );
    writeFileSync(join(dir, 'Empty.sol'), `${header}// to do\n`);
    const r = diamond(['check', '.', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as CheckJson;
    assert.deepEqual(
      out.skipped.map((s) => s.file),
      ['Empty.sol'],
    );
    assert.match(r.stderr, /^diamond check: skipped Empty\.sol: declares nothing/m);
  });

  test('the bundled DLOOP contracts: nothing skipped', () => {
    const r = diamond(['check', 'contracts', '--json'], ROOT);
    assert.deepEqual((JSON.parse(r.stdout) as CheckJson).skipped, []);
    assert.doesNotMatch(r.stderr, /skipped/);
  });
});
