// Writes what is generated from shared/ (the rule catalogue and the settings table):
// package.json `contributes.configuration` and the rule list of schemas/diamond.config.schema.json.
// Usage: node scripts/generate.mjs [--check]   (--check: write nothing, exit 1 when a file is out of date)
// test/unit/rule-catalogue.test.ts fails on the same drift.
import * as esbuild from 'esbuild';
import * as prettier from 'prettier';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

// The TypeScript declarations, bundled in memory and imported as a module.
const bundle = await esbuild.build({
  entryPoints: [join(root, 'shared', 'manifest.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'warning',
});
const { withGeneratedSettings, withGeneratedSchema } = await import(
  `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`
);

const prettierOptions = JSON.parse(readFileSync(join(root, '.prettierrc.json'), 'utf8'));
const files = [
  // package.json as npm writes it: two-space JSON.
  { path: 'package.json', generate: (json) => JSON.stringify(withGeneratedSettings(json), null, 2) + '\n' },
  // The schema as prettier keeps it: short objects on one line.
  {
    path: 'schemas/diamond.config.schema.json',
    generate: (json) =>
      prettier.format(JSON.stringify(withGeneratedSchema(json)), {
        ...prettierOptions,
        parser: 'json',
        objectWrap: 'collapse',
      }),
  },
];

let stale = 0;
for (const f of files) {
  const path = join(root, f.path);
  const before = readFileSync(path, 'utf8');
  const after = await f.generate(JSON.parse(before));
  if (after === before) continue;
  stale++;
  if (check) console.error(`[generate] ${f.path} is out of date: run npm run generate`);
  else {
    writeFileSync(path, after);
    console.log(`[generate] wrote ${f.path}`);
  }
}
if (!stale) console.log('[generate] up to date');
process.exit(check && stale ? 1 : 0);
