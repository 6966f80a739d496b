/**
 * The transaction gate's decisions (chain/src/tx-gate.ts) as a table: which chain needs a key and a
 * confirmation, when the key is read and the confirmation asked, what the confirmation names, and the
 * refusals' wording. Rows use the CLI's own key source and `--yes-i-mean` confirmation
 * (cli/src/commands/chain-common.ts) and a recording stand-in for VS Code's modal.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decideTransactions,
  type Confirmation,
  type ConfirmationRequest,
  type KeySource,
  type TxDecision,
} from '../../chain/src/tx-gate';
import { DEPLOY_DLOOP_ACTION } from '../../chain/src/workflows/deploy-dloop';
import { environmentKey, yesIMeanConfirmation } from '../../cli/src/commands/chain-common';

// anvil's / Hardhat's well-known dev account #1: the address is the key's, published with it.
const KEY1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

interface Recorder {
  key: KeySource;
  confirmation: Confirmation;
  keyReads: number;
  asked: ConfirmationRequest[];
}

/** A key source and a confirmation that record what the gate asked of them. */
function recorder(key: string | undefined, answer: boolean): Recorder {
  const r: Recorder = {
    keyReads: 0,
    asked: [],
    key: { read: () => (r.keyReads++, key), describe: 'a deployer key (test)' },
    confirmation: {
      ask: async (req) => (r.asked.push(req), answer),
      hint: (chainId) => `say yes to chain ${chainId}`,
    },
  };
  return r;
}

const conn = (url: string, chainId: number, isLocalDevChain: boolean) => ({ url, chainId, isLocalDevChain });
const decide = (c: ReturnType<typeof conn>, r: Pick<Recorder, 'key' | 'confirmation'>) =>
  decideTransactions(c, { action: DEPLOY_DLOOP_ACTION, ...r });
const kindOf = (d: TxDecision) => (d.kind === 'refused' ? `refused:${d.refusal.kind}` : d.kind);

describe('transaction gate', () => {
  const rows: {
    name: string;
    conn: ReturnType<typeof conn>;
    key: string | undefined;
    answer: boolean;
    expect: string;
    keyRead: boolean;
    asked: boolean;
  }[] = [
    {
      name: 'local dev node 31337 on loopback: the unlocked account, no key read, nothing asked',
      conn: conn('http://127.0.0.1:8545', 31337, true),
      key: KEY1,
      answer: false,
      expect: 'dev-account',
      keyRead: false,
      asked: false,
    },
    {
      name: 'local dev node 1337 on localhost: the same',
      conn: conn('http://localhost:7545', 1337, true),
      key: undefined,
      answer: false,
      expect: 'dev-account',
      keyRead: false,
      asked: false,
    },
    {
      name: 'chain 5, no key: needs-key, nothing asked',
      conn: conn('http://127.0.0.1:9545', 5, false),
      key: undefined,
      answer: true,
      expect: 'refused:needs-key',
      keyRead: true,
      asked: false,
    },
    {
      name: 'chain 5, a blank key: needs-key',
      conn: conn('http://127.0.0.1:9545', 5, false),
      key: '  ',
      answer: true,
      expect: 'refused:needs-key',
      keyRead: true,
      asked: false,
    },
    {
      name: 'chain 5, a malformed key: bad-key, nothing asked',
      conn: conn('http://127.0.0.1:9545', 5, false),
      key: '0x1234',
      answer: true,
      expect: 'refused:bad-key',
      keyRead: true,
      asked: false,
    },
    {
      name: 'chain 5, a key, confirmation declined: not-confirmed',
      conn: conn('http://127.0.0.1:9545', 5, false),
      key: KEY1,
      answer: false,
      expect: 'refused:not-confirmed',
      keyRead: true,
      asked: true,
    },
    {
      name: 'chain 5, a key without 0x, confirmed: the key signs',
      conn: conn('http://127.0.0.1:9545', 5, false),
      key: KEY1.slice(2),
      answer: true,
      expect: 'private-key',
      keyRead: true,
      asked: true,
    },
    {
      name: 'a dev chain id on a remote host is not a local dev node: key and confirmation',
      conn: conn('http://10.1.2.3:8545', 31337, false),
      key: KEY1,
      answer: true,
      expect: 'private-key',
      keyRead: true,
      asked: true,
    },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      const r = recorder(row.key, row.answer);
      const d = await decide(row.conn, r);
      assert.equal(kindOf(d), row.expect);
      assert.equal(r.keyReads > 0, row.keyRead, 'key read');
      assert.equal(r.asked.length, row.asked ? 1 : 0, 'confirmation asked');
      if (d.kind === 'private-key') {
        assert.equal(d.address, ADDRESS1);
        assert.equal(d.key, KEY1);
      }
      if (row.asked) {
        const [req] = r.asked;
        assert.deepEqual(
          { chainId: req.chainId, rpcUrl: req.rpcUrl, from: req.from },
          { chainId: row.conn.chainId, rpcUrl: row.conn.url, from: ADDRESS1 },
        );
        // The question and the button name the chain; the detail names the RPC and the paying account.
        assert.equal(req.question, `Deploy the DLOOP diamond on chain ${row.conn.chainId}?`);
        assert.equal(req.confirmLabel, `Deploy the DLOOP diamond on chain ${row.conn.chainId}`);
        assert.ok(req.detail.includes(row.conn.url) && req.detail.includes(ADDRESS1), req.detail);
      }
    });
  }

  test('refusals: the sentence faces print names the chain, the RPC and what is missing; nothing was sent', async () => {
    const c = conn('http://127.0.0.1:9545', 5, false);
    const needsKey = await decide(c, recorder(undefined, true));
    assert.equal(needsKey.kind, 'refused');
    assert.equal(
      needsKey.kind === 'refused' && needsKey.refusal.message,
      'Deploying the DLOOP diamond on chain 5 (http://127.0.0.1:9545) needs a deployer key (test): ' +
        'it is not a local dev node. Nothing was sent.',
    );
    const declined = await decide(c, recorder(KEY1, false));
    assert.equal(
      declined.kind === 'refused' && declined.refusal.message,
      'Deploying the DLOOP diamond on chain 5 (http://127.0.0.1:9545) was not confirmed: it is not a local ' +
        'dev node, so it needs a confirmation that names the chain (say yes to chain 5). Nothing was sent.',
    );
  });

  test("the CLI's side: DIAMOND_PRIVATE_KEY only, and --yes-i-mean must name the chain id exactly", async () => {
    const c = conn('http://127.0.0.1:9545', 5, false);
    const cli = (env: NodeJS.ProcessEnv, yes?: string) =>
      decide(c, {
        key: environmentKey(env),
        confirmation: yesIMeanConfirmation({ positionals: [], options: { 'yes-i-mean': yes } }),
      });
    const noKey = await cli({}, '5');
    assert.equal(kindOf(noKey), 'refused:needs-key');
    assert.match(
      noKey.kind === 'refused' ? noKey.refusal.message : '',
      /the deployer key in DIAMOND_PRIVATE_KEY/,
    );
    for (const yes of [undefined, '', '31337', '05', '5 ']) {
      const d = await cli({ DIAMOND_PRIVATE_KEY: KEY1 }, yes);
      assert.equal(kindOf(d), 'refused:not-confirmed', `--yes-i-mean ${JSON.stringify(yes)}`);
      assert.match(d.kind === 'refused' ? d.refusal.message : '', /re-run with --yes-i-mean 5\)/);
    }
    assert.equal(kindOf(await cli({ DIAMOND_PRIVATE_KEY: KEY1 }, '5')), 'private-key');
  });
});
