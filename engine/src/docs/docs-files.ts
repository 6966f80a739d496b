/**
 * The documentation as files (relative names and texts), what `diamond docs` writes and `--check` compares
 * and what the server hands the client to write: `--format md` gives storage-map.md, selectors.md,
 * dependencies.md; `--format json` gives diamond-docs.json (the shape exactly); both add one
 * `map-<diamond>.svg` per diamond. Sorted by name; every text ends with a newline.
 */
import { layoutMap } from './map-layout';
import { compareText, type DocsModel } from './model';
import { mapFileName, renderDependencies, renderSelectors, renderStorageMap } from './render-markdown';
import { renderMapSvg } from './render-svg';

export type DocsFormat = 'md' | 'json';

export interface DocsFile {
  name: string;
  text: string;
}

/** `{"namespaces":[…],"diamonds":[…],"dependencies":[…]}` with the keys, in its order. */
export function docsJson(model: DocsModel): string {
  const json = {
    namespaces: model.namespaces.map((n) => ({
      id: n.id,
      slot: n.slot,
      library: n.library,
      struct: n.struct,
      scheme: n.scheme,
      fields: n.fields.map((f) => ({
        name: f.name,
        type: f.type,
        slot: f.slot,
        offset: f.offset,
        bytes: f.bytes,
      })),
      readBy: n.readBy,
      writtenBy: n.writtenBy,
    })),
    diamonds: model.diamonds.map((d) => ({
      name: d.name,
      selectors: d.selectors.map((s) => ({
        selector: s.selector,
        signature: s.signature,
        facet: s.facet,
        file: s.file,
        line: s.line,
      })),
    })),
    dependencies: model.dependencies.map((x) => ({ from: x.from, to: x.to, kind: x.kind })),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

export function docsFiles(model: DocsModel, format: DocsFormat): DocsFile[] {
  const files: DocsFile[] =
    format === 'json'
      ? [{ name: 'diamond-docs.json', text: docsJson(model) }]
      : [
          { name: 'storage-map.md', text: renderStorageMap(model) },
          { name: 'selectors.md', text: renderSelectors(model) },
          { name: 'dependencies.md', text: renderDependencies(model) },
        ];
  const names = new Set<string>();
  for (const d of model.diamonds) {
    const layout = layoutMap(model, d.name);
    let name = mapFileName(d.name);
    // Two diamond names with one slug: number the later ones (diamonds are sorted, so this is stable).
    for (let i = 2; names.has(name); i++) name = mapFileName(`${d.name} ${i}`);
    names.add(name);
    if (layout) files.push({ name, text: renderMapSvg(layout) });
  }
  return files.sort((a, b) => compareText(a.name, b.name));
}
