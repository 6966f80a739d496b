/** Why a loupe read failed, typed so faces can say it plainly. (RPC down: RpcUnreachableError in rpc.ts.) */

export class NotAContractError extends Error {
  override readonly name = 'NotAContractError';
  constructor(readonly address: string) {
    super(`${address} has no code: it is not a contract on this chain (an EOA or nothing deployed yet)`);
  }
}

export class NoLoupeError extends Error {
  override readonly name = 'NoLoupeError';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${address} does not answer the diamond loupe facets() call: ${reason}`);
  }
}
