/** Diamond: Restart Language Server / Open Rule Documentation / Open Settings / Show Output. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { RULE_DEFAULTS, RULE_IDS, RULES_DOC_URL, type RuleId } from '../rules';

export const restartServer = (ctx: Ctx) => async (): Promise<void> => {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Diamond: restarting the language server' },
    () => ctx.server.restart(),
  );
  vscode.window.setStatusBarMessage('Diamond language server restarted', 3000);
};

const isRuleId = (v: unknown): v is RuleId => typeof v === 'string' && (RULE_IDS as string[]).includes(v);

/**
 * Opens the rule reference at the rule's heading: the copy shipped in the extension (works offline),
 * else the same page online. Takes a rule id (diagnostic code), or asks.
 */
export const openRuleDocs =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<RuleId | undefined> => {
    let rule = isRuleId(arg) ? arg : undefined;
    if (!rule) {
      const picked = await vscode.window.showQuickPick(
        RULE_IDS.map((id) => ({ label: id, description: `default: ${RULE_DEFAULTS[id]}` })),
        { title: 'Open Rule Documentation', placeHolder: 'Rule' },
      );
      if (!picked) return undefined;
      rule = picked.label as RuleId;
    }
    const local = ctx.extension.asAbsolutePath('docs/rules.md');
    if (fs.existsSync(local)) {
      await vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.file(local).with({ fragment: rule }),
      );
    } else {
      await vscode.env.openExternal(vscode.Uri.parse(`${RULES_DOC_URL}#${rule}`));
    }
    return rule;
  };

export const openSettings = (ctx: Ctx) => async (): Promise<void> => {
  await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${ctx.extension.extension.id}`);
};

export const showOutput = (ctx: Ctx) => (): void => ctx.channel.show(true);
