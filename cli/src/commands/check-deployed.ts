/**
 * The namespace slots each project's deployment records (`.diamond/deployments`) show deployed, handed to its
 * analysis: erc7201-slot-mismatch then prefers the fix that keeps deployed storage where it is.
 */
import { listDeploymentRecords } from '../../../chain/src/deployment-record';
import type { LoadedProject } from '../project';

export function applyDeployedSlots(projects: readonly LoadedProject[]): void {
  for (const p of projects) {
    const slots = listDeploymentRecords([p.root]).records.flatMap(
      (r) => r.record.storageLayouts.namespaces?.map((n) => n.slot) ?? [],
    );
    if (slots.length) p.service.setDeployedSlots(slots);
  }
}
