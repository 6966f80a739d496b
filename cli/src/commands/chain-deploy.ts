/**
 * `diamond deploy --rpc URL [--json] [--root DIR] [--yes-i-mean CHAINID]`: the DLOOP diamond from
 * `<root>/contracts`, with a deployment record in `<root>/.diamond/deployments`.
 * Local dev nodes sign with their first unlocked account. Any other chain: refused unless the
 * user names its chain id, and the key comes from DIAMOND_PRIVATE_KEY only.
 */
import { join } from 'node:path';
import { connect } from '../../../chain/src/connect';
import { CompileFailedError, deployDloopProject } from '../../../chain/src/deploy';
import { PRIVATE_KEY_ENV, privateKeySigner, type SignerHandle } from '../../../chain/src/signer';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command';
import { loadProject } from '../project';
import {
  describeChainError,
  EXIT_FAILED,
  jsonOption,
  requiredOption,
  rootDir,
  rootOption,
  rpcOption,
  stringOption,
  unitPath,
} from './chain-common';

/** ethers errors carry the whole signed transaction in `message`; its `shortMessage` says what failed. */
function shortError(err: Error): string {
  const short = (err as Error & { shortMessage?: string }).shortMessage;
  const text = short ?? err.message.split('\n')[0];
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export const deployCommand: Command = {
  name: 'deploy',
  summary: 'Deploy the DLOOP diamond from contracts/ and record it in .diamond/deployments/<chainId>.json',
  options: [
    rpcOption,
    {
      ...jsonOption,
      description: 'print {"chainId","diamond","governance","token","facets":{name: address}}',
    },
    rootOption('project folder holding contracts/ (default: the current folder)'),
    {
      name: 'yes-i-mean',
      type: 'string',
      valueName: 'CHAINID',
      description: `confirm a chain that is not a local dev node by its chain id (key from ${PRIVATE_KEY_ENV})`,
    },
  ],
  async run(args, io) {
    const rpcUrl = requiredOption(args, 'rpc');
    const root = rootDir(args, io.cwd);
    let handle: SignerHandle | undefined;
    try {
      const conn = await connect(rpcUrl);
      if (!conn.isLocalDevChain) {
        const confirmed = stringOption(args, 'yes-i-mean');
        if (confirmed !== String(conn.chainId)) {
          io.stderr(
            `diamond deploy: ${rpcUrl} is chain ${conn.chainId}, not a local dev node. Nothing was sent.\n` +
              `To deploy there for real, re-run with --yes-i-mean ${conn.chainId} and the deployer key in ${PRIVATE_KEY_ENV}.\n`,
          );
          return EXIT_USAGE;
        }
        const key = io.env[PRIVATE_KEY_ENV];
        if (!key) {
          io.stderr(
            `diamond deploy: chain ${conn.chainId} needs the deployer key in ${PRIVATE_KEY_ENV}. Nothing was sent.\n`,
          );
          return EXIT_USAGE;
        }
        handle = privateKeySigner(conn, key);
      }
      const json = args.options.json === true;
      const { record, recordFile } = await deployDloopProject({
        rpcUrl,
        root,
        signer: handle?.signer,
        // Namespaced storage layouts (diamond storage, ERC-7201) as the engine sees contracts/.
        namespaces: async () => (await loadProject(root, ['contracts'], {})).service.namespaces(),
        onProgress: json ? undefined : (p) => io.stderr(`${p.message}\n`),
      });
      const facets = Object.fromEntries(record.facets.map((f) => [f.name, f.address]));
      if (json) {
        const { chainId, diamond, governance, token } = record;
        io.stdout(JSON.stringify({ chainId, diamond, governance, token, facets }, null, 2) + '\n');
        return EXIT_OK;
      }
      const w = Math.max(...record.facets.map((f) => f.name.length), 10);
      let out = `Chain       ${record.chainId}\nDiamond     ${record.diamond}\nGovernance  ${record.governance}\nToken       ${record.token}\nFacets\n`;
      for (const f of record.facets) out += `  ${f.name.padEnd(w)}  ${f.address}\n`;
      out += `Record      ${unitPath(io.cwd, root, recordFile)}\n`;
      io.stdout(out);
      return EXIT_OK;
    } catch (err) {
      if (err instanceof CompileFailedError) {
        for (const e of err.result.errors.filter((m) => m.severity === 'error')) {
          const file = unitPath(io.cwd, join(root, 'contracts'), e.file);
          io.stderr(`${file ?? ''}:${e.line ?? 1}:${e.column ?? 1}: error: ${e.message}\n`);
        }
        io.stderr('diamond deploy: contracts/ does not compile; nothing was sent.\n');
        return EXIT_FAILED;
      }
      // A revert or a node error mid-deployment is a failed run, not an internal error: say what failed.
      if (!(err instanceof Error)) throw err;
      io.stderr(`diamond deploy: ${describeChainError(err) ?? shortError(err)}\n`);
      return EXIT_FAILED;
    } finally {
      handle?.close();
    }
  },
};
