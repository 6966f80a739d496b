/** Diamond: Restart Language Server / Open Rule Documentation / Open Settings / Show Output. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { isRuleId, RULE_CATALOGUE, ruleDocUrl, type RuleId } from '../../../shared/rules';

export const restartServer = (ctx: Ctx) => async (): Promise<void> => {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Diamond: restarting the language server' },
    () => ctx.server.restart(),
  );
  vscode.window.setStatusBarMessage('Diamond language server restarted', 3000);
};

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
        RULE_CATALOGUE.map((r) => ({ label: r.id, description: `default: ${r.defaultSeverity}` })),
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
      await vscode.env.openExternal(vscode.Uri.parse(ruleDocUrl(rule)));
    }
    return rule;
  };

export const openSettings = (ctx: Ctx) => async (): Promise<void> => {
  await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${ctx.extension.extension.id}`);
};

export const showOutput = (ctx: Ctx) => (): void => ctx.channel.show(true);
