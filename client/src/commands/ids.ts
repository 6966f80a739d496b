/**
 * Every command the extension contributes: id → palette title (category "Diamond").
 * Pure so the unit test can hold it against package.json `contributes.commands`; the factory table in
 * ./table.ts is typed `Record<CommandId, …>`, so the compiler fails when an id has no implementation.
 */
export const COMMAND_TITLES = {
  'diamond.buildFacets': 'Build Facets',
  'diamond.startNode': 'Start Local Node',
  'diamond.stopNode': 'Stop Local Node',
  'diamond.deploy': 'Deploy DLOOP Diamond',
  'diamond.planUpgrade': 'Plan Upgrade',
  'diamond.simulateUpgrade': 'Simulate Upgrade',
  'diamond.proposeUpgrade': 'Propose Upgrade',
  'diamond.refreshProposals': 'Refresh Proposals',
  'diamond.openProposalSpecification': 'Open Proposal Specification',
  'diamond.voteFor': 'Vote For',
  'diamond.voteAgainst': 'Vote Against',
  'diamond.executeProposal': 'Execute Proposal',
  'diamond.advanceAndExecute': 'Advance Time and Execute (local node)',
  'diamond.cancelProposal': 'Cancel Proposal',
  'diamond.fastTrackProposal': 'Fast-Track Proposal (guardian)',
  'diamond.markProposalReviewed': 'Mark Proposal Reviewed',
  'diamond.exportProposal': 'Export Proposal (Safe / Governor / calldata)…',
  'diamond.rollbackUpgrade': 'Roll Back Upgrade',
  'diamond.connect': 'Connect to Diamond…',
  'diamond.disconnect': 'Disconnect',
  'diamond.refreshExplorer': 'Refresh Facet Explorer',
  'diamond.showExplorer': 'Show Facet Explorer',
  'diamond.restartServer': 'Restart Language Server',
  'diamond.openRuleDocs': 'Open Rule Documentation',
  'diamond.copySelector': 'Copy Selector',
  'diamond.copyAddress': 'Copy Address',
  'diamond.openSource': 'Open Source',
  'diamond.setDeployerKey': 'Set Deployer Key',
  'diamond.clearDeployerKey': 'Clear Deployer Key',
  'diamond.openSample': 'Open DLOOP Sample',
  'diamond.createConfig': 'Create diamond.config.json',
  'diamond.generateDocs': 'Generate Documentation',
  'diamond.showMap': 'Show Diamond Map',
  'diamond.openSettings': 'Open Settings',
  'diamond.showOutput': 'Show Output',
} as const;

export type CommandId = keyof typeof COMMAND_TITLES;
export const COMMAND_IDS = Object.keys(COMMAND_TITLES) as CommandId[];

/** Commands that compile, start processes or send transactions: refused in an untrusted workspace. */
export const TRUSTED_ONLY: readonly CommandId[] = [
  'diamond.buildFacets',
  'diamond.startNode',
  'diamond.deploy',
  // Compiles the workspace and reads its git history (the layout baseline), like Build Facets.
  'diamond.planUpgrade',
  // Plans as Plan Upgrade does, then sends transactions to the local node (and reverts them).
  'diamond.simulateUpgrade',
  // Plans and simulates, then deploys facets and sends the proposal.
  'diamond.proposeUpgrade',
  // Send transactions to the ProtocolDAO.
  'diamond.voteFor',
  'diamond.voteAgainst',
  'diamond.executeProposal',
  'diamond.advanceAndExecute',
  'diamond.cancelProposal',
  'diamond.fastTrackProposal',
  'diamond.markProposalReviewed',
  // Reads the project's records, then hands its plan to Propose Upgrade.
  'diamond.rollbackUpgrade',
];
