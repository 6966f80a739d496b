/**
 * The DAO's voting token as a face shows votes: its symbol and decimals, read with eth_call. A token that does
 * not answer them (or answers nonsense) is shown in base units, never guessed.
 */
import { Interface } from 'ethers';
import type { ChainConnection } from '../connect';

export interface VotingToken {
  address: string;
  symbol?: string;
  decimals?: number;
}

const erc20 = new Interface([
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
]);

async function read<T>(conn: ChainConnection, to: string, fn: 'symbol' | 'decimals'): Promise<T | undefined> {
  try {
    const data = await conn.client.request<string>('eth_call', [
      { to, data: erc20.encodeFunctionData(fn) },
      'latest',
    ]);
    return erc20.decodeFunctionResult(fn, data)[0] as T;
  } catch {
    return undefined;
  }
}

export async function votingToken(conn: ChainConnection, address: string): Promise<VotingToken> {
  const [symbol, decimals] = await Promise.all([
    read<string>(conn, address, 'symbol'),
    read<bigint>(conn, address, 'decimals'),
  ]);
  const d = decimals !== undefined && decimals <= 36n ? Number(decimals) : undefined;
  // A symbol is shown in a tree row: printable ASCII, short, or none.
  const s = symbol !== undefined && /^[\x21-\x7e]{1,12}$/.test(symbol) ? symbol : undefined;
  return { address, ...(s !== undefined && { symbol: s }), ...(d !== undefined && { decimals: d }) };
}

/**
 * `4000000000000000000000000` with 18 decimals and DLOOP → `4,000,000 DLOOP`; fractions kept exactly (trailing
 * zeros dropped); without decimals the base units as they are.
 */
export function formatVotes(value: string, token: Pick<VotingToken, 'symbol' | 'decimals'>): string {
  if (token.decimals === undefined || !/^\d+$/.test(value)) return value;
  const scale = 10n ** BigInt(token.decimals);
  const v = BigInt(value);
  const whole = (v / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (v % scale).toString().padStart(token.decimals, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}${token.symbol ? ` ${token.symbol}` : ''}`;
}
