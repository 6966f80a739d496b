/** How storage rules name namespaces and slots in messages, and where they point. */
import type { Place } from '../findings';
import type { Namespace } from '../storage/namespaces';
import { qualified } from '../storage/view';

export function placeOf(ns: Namespace): Place {
  return { file: ns.entry.file, start: ns.entry.span.start, end: ns.entry.span.end };
}

/** "`LibX.POSITION` (`dloop.storage.x.v1`)" — names the declaration and its id when known. */
export function describe(ns: Namespace): string {
  if (ns.entry.scheme === 'appstorage') return `AppStorage \`${ns.entry.struct}\` (slot 0)`;
  const name = ns.constant
    ? `\`${qualified(ns.constant.scope, ns.constant.def.name)}\``
    : ns.inline
      ? `the slot expression in \`${ns.entry.owner}\``
      : `\`${ns.entry.struct ?? ns.entry.owner}\``;
  return ns.entry.id !== undefined ? `${name} (\`${ns.entry.id}\`)` : name;
}

export function short(slot: string): string {
  return `${slot.slice(0, 10)}…${slot.slice(-6)}`;
}
