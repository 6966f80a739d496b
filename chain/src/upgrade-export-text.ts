/**
 * The text of an export (what `diamond upgrade export` prints and VS Code's "Export Proposal" saves), one
 * place for both faces: `calldata` the hex; `governor` the OpenZeppelin Governor arguments as JSON (with the
 * timelock salt and operation id when the governor is named); `safe` a Safe Transaction Builder batch file.
 * The same calldata bytes in every format (upgrade-exports.ts computes them).
 */
import { governorProposal, safeBatchFile } from './upgrade-exports';

export const EXPORT_FORMATS = ['safe', 'governor', 'calldata'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportSource {
  chainId: number;
  diamond: string;
  calldata: string;
  description: string;
  name: string;
}

export function exportText(
  format: ExportFormat,
  source: ExportSource,
  options: { governor?: string; safe?: string } = {},
): string {
  if (format === 'calldata') return source.calldata;
  if (format === 'governor') {
    const g = governorProposal({
      diamond: source.diamond,
      calldata: source.calldata,
      description: source.description,
      governor: options.governor,
    });
    return JSON.stringify(
      {
        targets: g.targets,
        values: g.values,
        calldatas: g.calldatas,
        description: g.description,
        descriptionHash: g.descriptionHash,
        proposalId: g.proposalId,
        ...(g.timelock ? { timelockSalt: g.timelock.salt, timelockOperationId: g.timelock.operationId } : {}),
      },
      null,
      2,
    );
  }
  return JSON.stringify(
    safeBatchFile({
      chainId: source.chainId,
      diamond: source.diamond,
      calldata: source.calldata,
      name: source.name,
      description: source.description.split('\n')[0].replace(/^#\s*/, ''),
      safe: options.safe,
    }),
    null,
    2,
  );
}
