/**
 * The storage analysis's view of a Workspace: the workspace files plus every file they import
 * (transitively: a namespace in node_modules collides as surely as one of ours), and declarations
 * in the few shapes the storage code needs.
 */
import type { Workspace } from '../workspace';
import type { Resolved, Scope, StorageView } from './view';

export function workspaceView(ws: Workspace): StorageView {
  return {
    files: () => ws.cached('storage:files', () => importClosure(ws)),
    unit: (file) => ws.unit(file),
    text: (file) => ws.text(file),
    resolve: (scope, path) => resolve(ws, scope, path),
    linearize: (ref) => ws.linearize(ref),
  };
}

function resolve(ws: Workspace, scope: Scope, path: readonly string[]): Resolved | undefined {
  const d = ws.lookup(scope, path);
  if (!d) return undefined;
  switch (d.kind) {
    case 'contract':
      return { kind: 'contract', scope: { file: d.file, contract: d.contract } };
    case 'variable':
      return d.def.constant
        ? { kind: 'constant', scope: { file: d.file, contract: d.container }, def: d.def }
        : undefined;
    case 'struct':
    case 'enum':
    case 'udvt':
      return { kind: d.kind, scope: { file: d.file, contract: d.container }, def: d.def } as Resolved;
    default:
      return undefined;
  }
}

/** Workspace files first (sorted), then the files they import, breadth first. */
function importClosure(ws: Workspace): string[] {
  const seen = new Set(ws.files());
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    for (const imp of ws.imports(queue[i])) {
      if (imp.file !== undefined && !seen.has(imp.file)) {
        seen.add(imp.file);
        queue.push(imp.file);
      }
    }
  }
  return queue;
}
