/**
 * The storage analysis's view of a Workspace: the workspace files plus every file they import
 * (transitively: a namespace in node_modules collides as surely as one of ours), and declarations
 * in the few shapes the storage code needs.
 */
import { ownMember, type Workspace } from '../workspace';
import type { Resolved, Scope, StorageView } from './view';

export function workspaceView(ws: Workspace): StorageView {
  return {
    files: () => ws.cached('storage:files', () => keptImportClosure(ws)),
    isOwn: (file) => ws.isWorkspaceFile(file),
    unit: (file) => ws.unit(file),
    text: (file) => ws.text(file),
    resolve: (scope, path) => resolve(ws, scope, path),
    linearize: (ref) => ws.linearize(ref),
    memo: (key, compute) => ws.cached(`storage:${key}`, compute),
    memoFor: (obj, key, compute, valid) => ws.cachedFor(obj, objectMemoKey(key), compute, valid),
  };
}

/**
 * `storage:<key>` for the per-object memos, built once per key: a template built (and hashed) a new string on
 * every lookup, once per file per edit. Their keys are a handful of literals; bounded all the same.
 */
const OBJECT_MEMO_KEYS = new Map<string, string>();
function objectMemoKey(key: string): string {
  const known = OBJECT_MEMO_KEYS.get(key);
  if (known !== undefined) return known;
  const full = `storage:${key}`;
  if (OBJECT_MEMO_KEYS.size < 64) OBJECT_MEMO_KEYS.set(key, full);
  return full;
}

function resolve(ws: Workspace, scope: Scope, path: readonly string[]): Resolved | undefined {
  // A contract's own members shadow everything else (solc's rule, and lookup's first step): answering
  // those directly skips the workspace's per-version memo, which every edit empties.
  const own =
    path.length === 1 && scope.contract ? ownMember(scope.file, scope.contract, path[0]) : undefined;
  const d = own ?? ws.lookup(scope, path);
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

/**
 * The import closure, kept across versions while the import graph is the same (no file set changed, no import
 * path typed, same remappings): an edit of a function body does not walk every file's imports again.
 */
function keptImportClosure(ws: Workspace): string[] {
  return ws.cachedFor(
    ws,
    'storage:files',
    () => ({ epoch: ws.epochs.now(), files: importClosure(ws) }),
    (known) => ws.epochs.sameImportsSince(known.epoch),
  ).files;
}

/** Workspace files first (sorted), then the files they import, breadth first. */
function importClosure(ws: Workspace): string[] {
  const seen = new Set(ws.files());
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    for (const file of importsOf(ws, queue[i])) {
      if (!seen.has(file)) {
        seen.add(file);
        queue.push(file);
      }
    }
  }
  return queue;
}

// Resolved imports per parsed unit: resolution only changes with the unit or the remappings (the
// service sets remappings and include paths together), and it is the costliest part of a pass.
function importsOf(ws: Workspace, file: string): string[] {
  const unit = ws.unit(file);
  if (!unit) return [];
  const remaps = ws.remappings();
  return ws.cachedFor(
    unit,
    'storage:imports',
    () => {
      const resolved = ws.imports(file);
      const files = resolved.flatMap((r) => (r.file !== undefined ? [r.file] : []));
      return { remaps, files, complete: files.length === resolved.length };
    },
    // An unresolved import may resolve once its file appears: only a complete answer is kept.
    (known) => known.complete && known.remaps === remaps,
  ).files;
}
