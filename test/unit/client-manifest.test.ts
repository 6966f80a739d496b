/**
 * The extension manifest against the client's code: every command in the table is contributed (and only
 * those), every typed setting declared (same defaults, enums, bounds), menus and links name real commands,
 * files the manifest points at exist.
 * (The table itself is typed Record<CommandId, …>: a command id without a factory does not compile.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMMAND_IDS, COMMAND_TITLES, TRUSTED_ONLY } from '../../client/src/commands/ids';
import { VIEW_ID } from '../../client/src/explorer/view-id';
import { ALL_SETTINGS, SETTINGS } from '../../client/src/settings';
import { repoRoot } from '../support/repo';


const root = repoRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributed: { command: string; title: string; category: string }[] = pkg.contributes.commands;
const ours = new Set<string>(COMMAND_IDS);

/** `command:<id>` links in markdown/welcome text, ids only (arguments dropped). */
const commandLinks = (text: string) => [...text.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
/** Commands of VS Code itself our links may use. */
const BUILTIN = new Set([
  'workbench.trust.manage',
  'workbench.action.openWalkthrough',
  'workbench.action.quickOpen',
  'workbench.actions.view.problems',
]);

describe('extension manifest', () => {
  test('contributes.commands is exactly the command table, titles and category included', () => {
    assert.deepEqual(contributed.map((c) => c.command).sort(), [...COMMAND_IDS].sort());
    for (const c of contributed) {
      assert.equal(c.title, COMMAND_TITLES[c.command as keyof typeof COMMAND_TITLES], c.command);
      assert.equal(c.category, 'Diamond', c.command);
    }
  });

  test('every command activates the extension; so do Solidity files and the view', () => {
    const events: string[] = pkg.activationEvents;
    for (const id of COMMAND_IDS) assert.ok(events.includes(`onCommand:${id}`), id);
    for (const e of ['onLanguage:solidity', 'workspaceContains:**/*.sol', `onView:${VIEW_ID}`]) {
      assert.ok(events.includes(e), e);
    }
  });

  test('menus name contributed commands; chain commands in menus require a trusted workspace', () => {
    for (const [menu, items] of Object.entries(
      pkg.contributes.menus as Record<string, { command: string; when?: string }[]>,
    )) {
      for (const item of items) {
        assert.ok(ours.has(item.command), `${menu}: ${item.command}`);
        if ((TRUSTED_ONLY as string[]).includes(item.command) && !item.command.endsWith('stopNode')) {
          assert.match(item.when ?? '', /isWorkspaceTrusted/, `${menu}: ${item.command}`);
        }
      }
    }
  });

  test('the Facet Explorer view and its welcome content: links to real commands', () => {
    const views = pkg.contributes.views.diamond as { id: string }[];
    assert.deepEqual(
      views.map((v) => v.id),
      [VIEW_ID],
    );
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, 'diamond');
    const welcome = pkg.contributes.viewsWelcome as { view: string; contents: string }[];
    const trusted = welcome.find(
      (w) => w.view === VIEW_ID && /isWorkspaceTrusted$/.test((w as { when?: string }).when ?? ''),
    );
    assert.ok(trusted, 'a welcome for trusted workspaces');
    assert.match(trusted.contents, /^No diamond connected\./);
    assert.deepEqual(commandLinks(trusted.contents).slice(0, 3), [
      'diamond.startNode',
      'diamond.deploy',
      'diamond.connect',
    ]);
    for (const w of welcome) {
      for (const id of commandLinks(w.contents)) assert.ok(ours.has(id) || BUILTIN.has(id), id);
    }
  });

  test('walkthrough steps: each has a command link and an existing markdown file', () => {
    const [walk] = pkg.contributes.walkthroughs as {
      steps: { id: string; description: string; media: { markdown: string } }[];
    }[];
    assert.deepEqual(
      walk.steps.map((s) => s.id),
      ['openSample', 'startNode', 'deploy', 'explorer', 'editFacet', 'diagnostics'],
    );
    for (const step of walk.steps) {
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `${step.id} has a command link`);
      for (const id of links) assert.ok(ours.has(id) || BUILTIN.has(id), `${step.id}: ${id}`);
      assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
    }
  });

  test('files the manifest points at exist', () => {
    const c = pkg.contributes;
    const paths = [
      pkg.main, // built by scripts/build.mjs before the tests run
      c.viewsContainers.activitybar[0].icon,
      ...c.grammars.map((g: { path: string }) => g.path),
      ...c.jsonValidation.map((j: { url: string }) => j.url),
      ...c.languages.map((l: { configuration: string }) => l.configuration),
    ];
    for (const p of paths) assert.ok(existsSync(join(root, p)), p);
    assert.equal(c.grammars[0].scopeName, 'source.solidity.diamond');
    assert.deepEqual(c.grammars[0].injectTo, ['source.solidity']);
  });

  test('workspace trust: limited, and the settings that steer chains or git or run patterns are restricted', () => {
    const trust = pkg.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.deepEqual([...trust.restrictedConfigurations].sort(), [
      'diamond.baseline',
      'diamond.namespacePattern',
      'diamond.node.port',
      'diamond.rpcUrl',
    ]);
    for (const key of trust.restrictedConfigurations)
      assert.ok(key in pkg.contributes.configuration.properties, key);
  });
});

interface ConfigProperty {
  default: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}
const properties: Record<string, ConfigProperty> = pkg.contributes.configuration.properties;

describe('extension manifest: settings', () => {
  test('package.json declares exactly the typed settings, with the same defaults', () => {
    const typed = ALL_SETTINGS.map((s) => `diamond.${s.key}`).sort();
    assert.deepEqual(Object.keys(properties).sort(), typed);
    for (const spec of ALL_SETTINGS) {
      assert.deepEqual(properties[`diamond.${spec.key}`].default, spec.default, spec.key);
    }
  });

  test('each package.json default survives coercion unchanged (no default the client would reject)', () => {
    for (const spec of ALL_SETTINGS) {
      assert.deepEqual(spec.coerce(properties[`diamond.${spec.key}`].default), spec.default, spec.key);
    }
  });

  test('every enum in package.json is what coercion accepts, and nothing else', () => {
    for (const spec of ALL_SETTINGS) {
      const values = properties[`diamond.${spec.key}`].enum;
      if (!values) continue;
      for (const v of values) assert.equal(spec.coerce(v), v, `${spec.key} accepts ${v}`);
      assert.equal(spec.coerce('bogus'), undefined, `${spec.key} rejects a value outside its enum`);
    }
    assert.deepEqual(properties['diamond.rules.duplicate-selector'].enum, [
      'error',
      'warning',
      'info',
      'off',
    ]);
  });

  test('package.json numeric bounds match the coercion bounds', () => {
    for (const spec of [SETTINGS.nodePort, SETTINGS.debounceMs]) {
      const p = properties[`diamond.${spec.key}`];
      assert.equal(spec.coerce(p.minimum), p.minimum);
      assert.equal(spec.coerce(p.maximum), p.maximum);
      assert.equal(spec.coerce((p.minimum ?? 0) - 1), undefined);
      assert.equal(spec.coerce((p.maximum ?? 0) + 1), undefined);
    }
  });
});
