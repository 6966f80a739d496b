/**
 * `diamond upgrade status|vote|execute|cancel|fast-track|mark-reviewed --rpc URL --address ADDR [--id N]`: the
 * faces of chain/src/workflows/upgrade-govern.ts. `status --json` →
 * `{"proposals":[{"id","state","forVotes","againstVotes","quorumVotes","voteEnd","eta","fastTracked","needsReview",
 * "calldataHash","description"}]}`; `vote --support for|against`; `execute [--advance]` →
 * `{"txHash","verified","differences"}` (`--advance`: a local dev node only). Exit 0 done (execute: and verified),
 * 1 refused or not verified, 2 usage.
 */
import { connect } from '../../../chain/src/connect';
import {
  AdvanceRefusedError,
  governActionWords,
  governUpgrade,
  upgradeStatus,
  type GovernAction,
} from '../../../chain/src/workflows/upgrade-govern';
import type { DaoProposal } from '../../../chain/src/dloop/dao-governance';
import { formatVotes, type VotingToken } from '../../../chain/src/dloop/voting-token';
import { EXIT_OK, UsageError, type CliIO, type Command, type OptionSpec, type ParsedArgs } from '../command';
import {
  EXIT_FAILED,
  jsonOption,
  requiredOption,
  rootDir,
  rootOption,
  rpcOption,
  stringOption,
} from './chain-common';
import { failure, gated, idOption, proposalId, yesIMeanOption } from './upgrade-gated';
import { addressArg } from './upgrade-plan';

const diamondOption: OptionSpec = {
  name: 'address',
  type: 'string',
  valueName: 'ADDR',
  description: 'the diamond address',
};
const BASE: OptionSpec[] = [rpcOption, diamondOption, idOption, jsonOption];
const SENDING: OptionSpec[] = [
  ...BASE,
  yesIMeanOption,
  rootOption('project folder whose .diamond/upgrades records it (default: the current folder)'),
];

function diamondArg(args: ParsedArgs): string {
  const address = addressArg(args);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  return address;
}

export const statusJson = (p: DaoProposal) => ({
  id: p.id,
  state: p.state,
  forVotes: p.forVotes,
  againstVotes: p.againstVotes,
  quorumVotes: p.quorumVotes,
  voteEnd: p.voteEnd,
  eta: p.eta,
  fastTracked: p.fastTracked,
  needsReview: p.needsReview,
  calldataHash: p.calldataHash,
  description: p.description,
});

function statusText(proposals: DaoProposal[], now: number, token: VotingToken): string {
  if (!proposals.length) return 'No proposals.\n';
  const left = (t: number) => (t > now ? `${Math.ceil((t - now) / 3600)} h left` : 'ended');
  return proposals
    .map((p) => {
      const flags = [p.fastTracked ? 'fast-tracked' : '', p.needsReview ? 'NEEDS REVIEW' : '']
        .filter(Boolean)
        .join(', ');
      const title = p.description.split('\n')[0].replace(/^#\s*/, '');
      return (
        `#${p.id} ${p.state}${flags ? ` (${flags})` : ''}  ${title}\n` +
        `   for ${formatVotes(p.forVotes, token)} / against ${formatVotes(p.againstVotes, token)} (quorum ${formatVotes(p.quorumVotes, token)}); vote ${left(p.voteEnd)}, eta ${new Date(p.eta * 1000).toISOString()}\n` +
        `   calldata ${p.calldataHash}`
      );
    })
    .join('\n')
    .concat('\n');
}

export const upgradeStatusCommand: Command = {
  name: 'upgrade status',
  summary:
    'List the ProtocolDAO proposals of a diamond with their state, votes, quorum, eta and specification',
  options: BASE,
  async run(args, io) {
    const diamond = diamondArg(args);
    const id = proposalId(args, false);
    try {
      const conn = await connect(requiredOption(args, 'rpc'));
      const s = await upgradeStatus(conn, diamond, id);
      io.stdout(
        args.options.json === true
          ? `${JSON.stringify({ proposals: s.proposals.map(statusJson), token: s.token }, null, 2)}\n`
          : statusText(s.proposals, s.now, s.token),
      );
      return EXIT_OK;
    } catch (err) {
      return failure(err, io, 'upgrade status');
    }
  },
};

async function runAction(args: ParsedArgs, io: CliIO, step: string, action: GovernAction): Promise<number> {
  const diamond = diamondArg(args);
  const id = proposalId(args, true)!;
  const root = stringOption(args, 'root') === undefined ? io.cwd : rootDir(args, io.cwd);
  const json = args.options.json === true;
  try {
    const conn = await connect(requiredOption(args, 'rpc'));
    // Refused before the gate asks for a key: the clock of a real chain cannot move.
    if (action.kind === 'execute' && action.advance && !conn.isLocalDevChain)
      throw new AdvanceRefusedError(conn.chainId, conn.url);
    const r = await gated(conn, args, io, step, governActionWords(action), (signer) =>
      governUpgrade(
        { connection: conn, signer, diamond, id, action, root },
        { onProgress: json ? undefined : (p) => io.stderr(`${p.message}\n`) },
      ),
    );
    if ('exit' in r) return r.exit;
    const v = r.value;
    if (v.verification) {
      io.stdout(
        json
          ? `${JSON.stringify({ txHash: v.txHash, verified: v.verification.verified, differences: v.verification.differences }, null, 2)}\n`
          : `Proposal ${v.proposalId} ${v.action === 'fast-track' ? 'fast-tracked (it now needs review)' : 'executed'}: ${v.txHash}\n` +
              (v.verification.verified
                ? 'Verified: the loupe and the DiamondCut event match the proposal.\n'
                : `NOT verified:\n${v.verification.differences.map((d) => `  ${d}\n`).join('')}`),
      );
      return v.verification.verified ? EXIT_OK : EXIT_FAILED;
    }
    io.stdout(
      json
        ? `${JSON.stringify({ txHash: v.txHash, proposal: statusJson(v.proposal) }, null, 2)}\n`
        : `${governActionWords(action).title}: ${v.txHash} (proposal ${v.proposalId} is ${v.proposal.state}; ${v.proposal.forVotes} for, ${v.proposal.againstVotes} against)\n`,
    );
    return EXIT_OK;
  } catch (err) {
    return failure(err, io, step);
  }
}

export const upgradeVoteCommand: Command = {
  name: 'upgrade vote',
  summary: 'Vote for or against a ProtocolDAO proposal (--support for|against)',
  options: [
    ...SENDING,
    { name: 'support', type: 'string', valueName: 'for|against', description: 'how to vote' },
  ],
  run(args, io) {
    const support = stringOption(args, 'support');
    if (support !== 'for' && support !== 'against') throw new UsageError('--support for|against is required');
    return runAction(args, io, 'upgrade vote', { kind: 'vote', support: support === 'for' });
  },
};

export const upgradeExecuteCommand: Command = {
  name: 'upgrade execute',
  summary: 'Execute a passed proposal after its timelock, then verify the loupe and the DiamondCut event',
  options: [
    ...SENDING,
    {
      name: 'advance',
      type: 'boolean',
      description: 'first move a local dev node’s clock past the vote and the timelock',
    },
  ],
  run: (args, io) =>
    runAction(args, io, 'upgrade execute', { kind: 'execute', advance: args.options.advance === true }),
};

export const upgradeCancelCommand: Command = {
  name: 'upgrade cancel',
  summary: 'Cancel a proposal (its proposer or the guardian)',
  options: SENDING,
  run: (args, io) => runAction(args, io, 'upgrade cancel', { kind: 'cancel' }),
};

export const upgradeFastTrackCommand: Command = {
  name: 'upgrade fast-track',
  summary: 'Guardian only: execute a proposal now, skipping vote and timelock; it then needs review',
  options: SENDING,
  run: (args, io) => runAction(args, io, 'upgrade fast-track', { kind: 'fast-track' }),
};

export const upgradeMarkReviewedCommand: Command = {
  name: 'upgrade mark-reviewed',
  summary: 'Guardian only: clear a fast-tracked proposal’s needs-review flag once its vote ratified it',
  options: SENDING,
  run: (args, io) => runAction(args, io, 'upgrade mark-reviewed', { kind: 'mark-reviewed' }),
};
