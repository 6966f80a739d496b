/**
 * eth_getLogs on providers that cap the block range: a fake provider that refuses ranges wider than its cap
 * (with the wording hosted providers use) still gives the whole history, in pages that halve until accepted;
 * other errors are not taken for a range refusal; the rebuilt upgrade history is the same as from a node that
 * answers in one request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZeroAddress } from 'ethers';
import type { ChainConnection } from '../../chain/src/connect';
import { getLogsPaged, isLogRangeRefusal, LOG_PAGE_BLOCKS } from '../../chain/src/logs-paged';
import { RpcError, RpcReplyTooLargeError, type RpcClient } from '../../chain/src/rpc';
import { chainUpgradeHistory, type RpcLogRow } from '../../chain/src/upgrade-history';
import { DIAMOND_CUT_EVENTS } from '../../chain/src/upgrade-verify';

type Log = RpcLogRow;

const DIAMOND = '0x' + 'dd'.repeat(20);

/** A provider holding `logs`, at block `latest`, refusing eth_getLogs ranges wider than `cap` blocks. */
function cappedProvider(logs: Log[], latest: number, cap: number, refusal = 'query exceeds max block range') {
  const ranges: [number, number][] = [];
  const request = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    if (method === 'eth_blockNumber') return `0x${latest.toString(16)}` as T;
    if (method !== 'eth_getLogs') throw new RpcError(method, -32601, 'method not found');
    const f = params[0] as { fromBlock: string; toBlock: string; address?: string };
    const from = Number(BigInt(f.fromBlock));
    const to = f.toBlock === 'latest' ? latest : Number(BigInt(f.toBlock));
    ranges.push([from, to]);
    if (to - from + 1 > cap) throw new RpcError(method, -32602, `${refusal} ${cap}`);
    return logs.filter((l) => {
      const b = Number(BigInt(l.blockNumber));
      return b >= from && b <= to && (!f.address || l.address === f.address);
    }) as T;
  };
  return { request, ranges };
}

function cutLog(block: number, facet: string, selectors: string[], index = 0): Log {
  const encoded = DIAMOND_CUT_EVENTS.encodeEventLog('DiamondCut', [
    [[facet, 0, selectors]],
    ZeroAddress,
    '0x',
  ]);
  return {
    address: DIAMOND,
    topics: encoded.topics,
    data: encoded.data,
    blockNumber: `0x${block.toString(16)}`,
    transactionHash: `0x${block.toString(16).padStart(64, '0')}`,
    logIndex: `0x${index.toString(16)}`,
  };
}

const LOGS = [
  cutLog(1, '0x' + '11'.repeat(20), ['0x11111111']),
  cutLog(9_999, '0x' + '22'.repeat(20), ['0x22222222']),
  cutLog(10_000, '0x' + '33'.repeat(20), ['0x33333333']),
  cutLog(31_337, '0x' + '44'.repeat(20), ['0x44444444']),
];

test('a provider that answers from block 0 gets one request', async () => {
  const p = cappedProvider(LOGS, 40_000, Number.MAX_SAFE_INTEGER);
  const logs = await getLogsPaged<Log>(p, { address: DIAMOND });
  assert.deepEqual(logs, LOGS);
  assert.deepEqual(p.ranges, [[0, 40_000]]);
});

test('a capped provider is read in pages of 10,000 blocks, every log once, in order', async () => {
  const p = cappedProvider(LOGS, 40_000, LOG_PAGE_BLOCKS);
  const logs = await getLogsPaged<Log>(p, { address: DIAMOND });
  assert.deepEqual(logs, LOGS);
  assert.deepEqual(p.ranges.slice(1), [
    [0, 9_999],
    [10_000, 19_999],
    [20_000, 29_999],
    [30_000, 39_999],
    [40_000, 40_000],
  ]);
});

test('pages halve on each range refusal until the provider accepts them', async () => {
  const p = cappedProvider(
    LOGS,
    40_000,
    3_000,
    'Log response size exceeded. You can make eth_getLogs requests with up to a',
  );
  const logs = await getLogsPaged<Log>(p, { address: DIAMOND });
  assert.deepEqual(logs, LOGS);
  const pages = p.ranges.slice(1);
  // 10,000 and 5,000 are refused once each, then 2,500-block pages cover the chain without a gap.
  assert.deepEqual(pages.slice(0, 3), [
    [0, 9_999],
    [0, 4_999],
    [0, 2_499],
  ]);
  const accepted = pages.slice(2);
  assert.ok(accepted.every(([a, b]) => b - a + 1 <= 3_000));
  accepted.forEach(([a], i) => assert.equal(a, i === 0 ? 0 : accepted[i - 1][1] + 1));
  assert.equal(accepted.at(-1)![1], 40_000);
});

test('a provider that refuses even one block: the refusal is thrown, not a loop', async () => {
  const p = cappedProvider(LOGS, 100, 0);
  await assert.rejects(getLogsPaged<Log>(p, {}, { pageBlocks: 8 }), /max block range/);
  assert.deepEqual(
    p.ranges.slice(1).map(([a, b]) => b - a + 1),
    [8, 4, 2, 1],
  );
});

test('errors that are not about the range are thrown at once', async () => {
  let calls = 0;
  const failing = {
    request: async () => {
      calls++;
      throw new RpcError('eth_getLogs', -32601, 'the method eth_getLogs does not exist');
    },
  };
  await assert.rejects(getLogsPaged(failing, {}), /does not exist/);
  assert.equal(calls, 1);
  assert.equal(isLogRangeRefusal(new RpcError('eth_getLogs', -32000, 'execution reverted')), false);
  assert.equal(isLogRangeRefusal(new Error('block range too large')), false, 'not a JSON-RPC error');
  assert.equal(isLogRangeRefusal(new RpcError('eth_getLogs', -32005, 'whatever')), true);
  assert.equal(
    isLogRangeRefusal(new RpcError('eth_getLogs', -32000, 'query returned more than 10000 results')),
    true,
  );
  assert.equal(isLogRangeRefusal(new RpcReplyTooLargeError('http://x', 'eth_getLogs', 1024)), true);
});

test('the upgrade history from a capped provider equals the one-request history', async () => {
  const conn = (cap: number) =>
    ({
      url: 'http://capped',
      chainId: 1,
      isLocalDevChain: false,
      client: cappedProvider(LOGS, 40_000, cap) as unknown as RpcClient,
    }) satisfies ChainConnection;
  const whole = await chainUpgradeHistory(conn(Number.MAX_SAFE_INTEGER), DIAMOND);
  const paged = await chainUpgradeHistory(conn(1_000), DIAMOND);
  assert.equal(whole.length, 4);
  assert.deepEqual(paged, whole);
  assert.deepEqual(
    paged.map((u) => [u.n, u.block, u.cut[0].functionSelectors[0]]),
    [
      [1, 1, '0x11111111'],
      [2, 9_999, '0x22222222'],
      [3, 10_000, '0x33333333'],
      [4, 31_337, '0x44444444'],
    ],
  );
});
