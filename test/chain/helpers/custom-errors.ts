/** Asserting which custom error a transaction reverted with, whichever contract raised it. */
import assert from 'node:assert/strict';
import { ErrorFragment, Interface, type InterfaceAbi, type Result } from 'ethers';

/**
 * One decoder for every custom error of the compiled contracts: a revert bubbles through the DAO and the
 * diamond, so the contract that was called does not know the error that comes back.
 */
export function errorDecoder(abis: readonly InterfaceAbi[]): Interface {
  const errors = new Map<string, ErrorFragment>();
  for (const abi of abis) {
    Interface.from(abi).forEachError((e) => errors.set(e.format('sighash'), e));
  }
  return new Interface([...errors.values()]);
}

/** The revert data ethers attached somewhere in an error (its shape differs between call, estimate and send). */
function revertData(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const o = err as Record<string, unknown>;
  if (typeof o.data === 'string' && /^0x[0-9a-fA-F]{8}/.test(o.data)) return o.data;
  for (const key of ['data', 'error', 'info', 'cause']) {
    const found = revertData(o[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Awaits `action`, which must revert with custom error `name`; returns the error's arguments. */
export async function expectCustomError(
  action: Promise<unknown>,
  decoder: Interface,
  name: string,
): Promise<Result> {
  let failure: unknown;
  try {
    await action;
  } catch (err) {
    failure = err;
  }
  assert.ok(failure, `expected a revert with ${name}, but the call succeeded`);
  const data = revertData(failure);
  assert.ok(data, `expected ${name}, got a failure without revert data: ${String(failure)}`);
  const parsed = decoder.parseError(data);
  assert.equal(parsed?.name, name, `expected ${name}, got ${parsed?.signature ?? data}`);
  return parsed.args;
}
