/** Why a loupe read failed, typed so faces can say it plainly. (RPC down: RpcUnreachableError in rpc.ts.) */

export class NotAContractError extends Error {
  override readonly name = 'NotAContractError';
  constructor(readonly address: string) {
    super(`${address} has no code: it is not a contract on this chain (an EOA or nothing deployed yet)`);
  }
}

export class NoLoupeError extends Error {
  override readonly name: string = 'NoLoupeError';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${address} does not answer the diamond loupe facets() call: ${reason}`);
  }
}

/**
 * The address answers facets() but routes nothing: a diamond always routes at least the loupe's own
 * functions, so this is not a diamond (typically a facet's own address, whose facets() reads the facet's
 * empty storage). A NoLoupeError: faces that say "no loupe" say this too, with this message.
 */
export class NotADiamondError extends NoLoupeError {
  override readonly name: string = 'NotADiamondError';
  constructor(address: string, reason = 'its facets() lists no facets') {
    super(address, `${reason}; a diamond routes at least the loupe's own functions`);
    this.message = `${address} is not a diamond: ${reason}, and a diamond routes at least the loupe's own functions (is this a facet's address rather than the diamond's?)`;
  }
}
