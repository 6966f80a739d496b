/**
 * `diamond upgrade <step>`: the subcommand table dispatches, and bad usage is caught before any chain is
 * contacted (the RPC URL below points at nothing: an attempt to connect would say "unreachable", not usage).
 * The plan itself runs on real nodes in test/chain/upgrade-plan.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './service-support';

const ROOT = repoRoot();
const CLI = join(ROOT, 'dist', 'cli.js');
const RPC = 'http://127.0.0.1:9';
const ADDR = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const PLAN = ['upgrade', 'plan', '--rpc', RPC, '--address', ADDR];

function diamond(args: string[]) {
  assert.ok(existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('diamond upgrade: listed in the help; its steps dispatched; bad usage exits 2 naming the problem', () => {
  const help = diamond(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^  upgrade +Upgrade a live diamond, step by step: plan \(/m);
  const planHelp = diamond(['upgrade', 'plan', '--help']);
  assert.equal(planHelp.code, 0);
  for (const o of ['--rpc <URL>', '--init-call <SIG>', '--init-args <JSON>', '--prune', '--report <FILE.md>'])
    assert.ok(planHelp.stdout.includes(o), o);

  const cases: [string[], RegExp][] = [
    [['upgrade'], /diamond upgrade: name a step: plan/],
    [
      ['upgrade', 'deploy'],
      /unknown step "deploy" \(known: plan, simulate, propose, status, vote, execute, cancel, fast-track, mark-reviewed, export, history, rollback\)/,
    ],
    [['upgrade', 'vote', '--rpc', RPC, '--address', ADDR, '--id', '1'], /--support for\|against is required/],
    [['upgrade', 'execute', '--rpc', RPC, '--address', ADDR], /--id N is required/],
    [['upgrade', 'status', '--rpc', RPC, '--address', ADDR, '--id', '0'], /--id is not a proposal id: 0/],
    [['upgrade', 'export', '--rpc', RPC, '--address', ADDR], /--format safe\|governor\|calldata is required/],
    [['upgrade', 'rollback', 'x', '--rpc', RPC, '--address', ADDR], /N is not an upgrade number: x/],
    [
      ['upgrade', 'vote', '--rpc', RPC, '--address', ADDR, '--format', 'safe'],
      /--format is not an option of upgrade vote/,
    ],
    [['upgrade', 'plan'], /--rpc is required/],
    [['upgrade', 'plan', '--rpc', RPC], /--address is required/],
    [['upgrade', 'plan', '--rpc', RPC, '--address', '0x12'], /--address is not an address: 0x12/],
    [[...PLAN, 'extra'], /unexpected argument "extra"/],
    [[...PLAN, '--init-call', 'run()'], /--init-call and --init-args need --init/],
    [[...PLAN, '--init', 'M'], /--init M needs --init-call SIG/],
    [[...PLAN, '--init', 'M', '--init-call', 'run()', '--init-args', '[1'], /--init-args is not JSON/],
    [
      [...PLAN, '--init', 'M', '--init-call', 'run()', '--init-args', '{"a":1}'],
      /--init-args must be a JSON array/,
    ],
    [[...PLAN, '--deployer', 'me'], /--deployer is not an address: me/],
    [[...PLAN, '--root', 'no-such-folder'], /no such folder/],
    [['upgrade', 'plan', '--nope'], /Unknown option '--nope'/],
  ];
  for (const [args, re] of cases) {
    const r = diamond(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.doesNotMatch(r.stderr, /unreachable/, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});
