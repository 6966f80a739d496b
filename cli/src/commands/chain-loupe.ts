/**
 * `diamond loupe --rpc URL --address ADDR [--json] [--root DIR]`: the diamond's facets and
 * selectors as the chain routes them, named from the project's artifacts (compiled, cached) and
 * its deployment record; drift against the local code in the text output.
 */
import { isAddress } from 'ethers';
import { connect } from '../../../chain/src/connect';
import { loadLocalKnowledge } from '../../../chain/src/local-knowledge';
import { readLoupe } from '../../../chain/src/loupe';
import type { LoupeView } from '../../../chain/src/loupe-types';
import { EXIT_OK, UsageError, type Command } from '../command';
import {
  describeChainError,
  EXIT_FAILED,
  jsonOption,
  requiredOption,
  rootDir,
  rootOption,
  rpcOption,
} from './chain-common';

function text(v: LoupeView): string {
  let out = `Diamond ${v.diamond} on chain ${v.chainId}\nOwner   ${v.owner ?? '(no owner())'}\n`;
  for (const f of v.facets) {
    const flag = f.changed ? '  [changed: local code differs]' : '';
    out += `\n${f.name ?? '(unknown facet)'}  ${f.address}${flag}\n`;
    for (const s of f.selectors) {
      out += `  ${s.selector}  ${s.signature ?? '(unknown signature)'}${s.drift ? `  [${s.drift}]` : ''}\n`;
    }
  }
  if (v.localOnly.length) {
    out += '\nLocal facet functions not on chain [local-only]\n';
    for (const s of v.localOnly) out += `  ${s.selector}  ${s.signature}  (${s.contract})\n`;
  }
  const facets = v.facets.length;
  const selectors = v.facets.reduce((n, f) => n + f.selectors.length, 0);
  out += `\n${facets} facet(s), ${selectors} selector(s)`;
  out += v.driftChecked
    ? `, ${v.drift.length} drift marker(s)\n`
    : ' (no local artifacts: drift not checked)\n';
  return out;
}

export const loupeCommand: Command = {
  name: 'loupe',
  summary: "Read a diamond's facets and selectors from a chain, named from the local project",
  options: [
    rpcOption,
    { name: 'address', type: 'string', valueName: 'ADDR', description: 'the diamond address' },
    {
      ...jsonOption,
      description:
        'print {"chainId","diamond","facets":[{address, name, selectors:[{selector, signature}]}]}',
    },
    rootOption('project folder for artifacts and .diamond/deployments (default: the current folder)'),
  ],
  async run(args, io) {
    const rpcUrl = requiredOption(args, 'rpc');
    const address = requiredOption(args, 'address');
    if (!isAddress(address)) throw new UsageError(`--address is not an address: ${address}`);
    const root = rootDir(args, io.cwd);
    try {
      const { chainId } = await connect(rpcUrl);
      const local = await loadLocalKnowledge(root, chainId, address);
      if (local.compileErrors.length) {
        io.stderr(
          `diamond loupe: ${local.compiledRoot} does not compile; facet names from the deployment record only\n`,
        );
      }
      const view = await readLoupe({
        rpcUrl,
        address,
        artifacts: local.artifacts,
        deployment: local.deployment,
      });
      if (args.options.json) {
        const out = {
          chainId: view.chainId,
          diamond: view.diamond,
          facets: view.facets.map((f) => ({
            address: f.address,
            name: f.name,
            selectors: f.selectors.map((s) => ({ selector: s.selector, signature: s.signature })),
          })),
        };
        io.stdout(JSON.stringify(out, null, 2) + '\n');
      } else {
        io.stdout(text(view));
      }
      return EXIT_OK;
    } catch (err) {
      const known = describeChainError(err);
      if (known === undefined) throw err;
      io.stderr(`diamond loupe: ${known}\n`);
      return EXIT_FAILED;
    }
  },
};
