/** What the storage rules read: one analysis pass over the current (and optional baseline) workspace. */
import type { DiamondConfig } from '../config';
import type { ContractDef } from '../syntax/ast';
import { tokenize } from '../syntax/tokenizer';
import type { FieldLayout } from './namespace-layout';
import type { Namespace } from './namespaces';
import type { Scope, StorageView } from './view';

export type ContractScope = Scope & { contract: ContractDef };

export interface StorageSide {
  view: StorageView;
  namespaces: readonly Namespace[];
}

export interface StorageRuleContext extends StorageSide {
  /** Facets per diamond: AppStorage must agree within one diamond. */
  facetGroups: readonly (readonly ContractScope[])[];
  config: DiamondConfig;
  baseline?: StorageSide;
  /**
   * The deployed layouts a deployment record kept (per namespace, per field): storage-layout-break compares
   * against these first, and against `baseline` only for namespaces they do not hold.
   */
  deployed?: readonly FieldLayout[];
  /** Slots a deployment record shows deployed (the diamond's data is there). */
  deployedSlots?: ReadonlySet<string>;
  /** Identifier and string-literal uses per file (built on first use). */
  references(): ReferenceIndex;
}

/** Where names and strings are used: enough to tell whether anything still reads a namespace. */
export interface ReferenceIndex {
  /** Files whose tokens include the identifier, with the offsets. */
  identifier(name: string): { file: string; start: number }[];
  /** Files whose string literals include the text. */
  string(text: string): { file: string; start: number }[];
}

interface FileRefs {
  text: string;
  idents: Map<string, number[]>;
  strings: Map<string, number[]>;
}

function scanRefs(text: string): FileRefs {
  const idents = new Map<string, number[]>();
  const strings = new Map<string, number[]>();
  for (const t of tokenize(text).tokens) {
    const m = t.kind === 'ident' ? idents : t.kind === 'string' ? strings : undefined;
    if (!m) continue;
    const key = t.kind === 'ident' ? t.text : t.value;
    const at = m.get(key);
    if (at) at.push(t.start);
    else m.set(key, [t.start]);
  }
  return { text, idents, strings };
}

export function buildReferenceIndex(view: StorageView): ReferenceIndex {
  const files = view.files();
  const idx = files.map((file) => {
    const text = view.text(file);
    const unit = view.unit(file);
    // Per parsed unit: the token scan is the only cost, and it repeats only when a file changes.
    const r =
      text === undefined || !unit
        ? scanRefs('')
        : view.memoFor(
            unit,
            'references',
            () => scanRefs(text),
            (known) => known.text === text,
          );
    return { file, r };
  });
  const find = (pick: 'idents' | 'strings', key: string) =>
    idx.flatMap(({ file, r }) => (r[pick].get(key) ?? []).map((start) => ({ file, start })));
  return { identifier: (n) => find('idents', n), string: (s) => find('strings', s) };
}
