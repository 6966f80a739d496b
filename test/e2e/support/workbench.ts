/**
 * What a user does in the VS Code workbench, through the keyboard and the DOM: run a command from
 * the palette, open a file, edit text, read the Problems panel, notifications and tree views.
 * Every wait is on a DOM condition with a timeout. Selectors are those of VS Code 1.139 (code-server 4.139.1).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { artifactsDir } from './paths';
import { waitFor } from './wait';

export interface Problem {
  /** Absolute path of the file, as the Problems panel shows it. */
  file: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
}

export interface TreeRow {
  label: string;
  description: string;
  /** 1 for top-level items. */
  level: number;
  expanded: boolean | undefined;
  ariaLabel: string;
}

const QUICK_INPUT = '.quick-input-widget';

export class Workbench {
  constructor(
    readonly page: Page,
    /** Prefix of this session's screenshot files. */
    private readonly artifactPrefix: string,
  ) {}

  /** The workbench is laid out and the status bar is there (extensions may still be activating). */
  async waitUntilReady(timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page
      .locator('.part.sidebar .pane-header')
      .first()
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** F1, type the palette title (e.g. 'Diamond: Start Local Node'), pick that exact entry. */
  async runCommand(title: string, timeoutMs = 15_000): Promise<void> {
    await this.openQuickInput('F1', timeoutMs);
    await this.page.keyboard.type(title);
    // The exact entry, not whatever fuzzy match is ranked first.
    const row = this.page
      .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
      .filter({ has: this.page.locator('.quick-input-list-entry') })
      .and(this.page.locator(`[aria-label="${cssString(title)}"], [aria-label^="${cssString(title)}, "]`));
    try {
      await row.first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      const offered = await this.quickInputRows();
      await this.page.keyboard.press('Escape');
      throw new Error(`command '${title}' is not in the palette; offered: ${JSON.stringify(offered)}`, {
        cause: err,
      });
    }
    await row.first().click();
    // The palette closes; a command may open a quick input of its own at once (its box holds no '>').
    const widget = this.page.locator(QUICK_INPUT);
    await this.waitOn(
      async () =>
        !(await widget.isVisible()) ||
        !(
          await widget
            .locator('input.input')
            .inputValue()
            .catch(() => '>')
        ).startsWith('>'),
      (closed) => closed || undefined,
      `the palette to close after '${title}'`,
      timeoutMs,
    );
  }

  /** Ctrl+P, type the workspace-relative path, open it; resolves when its editor has focus. */
  async openFile(relativePath: string, timeoutMs = 15_000): Promise<void> {
    const base = relativePath.split('/').pop() ?? relativePath;
    await this.openQuickInput('Control+P', timeoutMs);
    await this.page.keyboard.type(relativePath);
    const row = this.page.locator(
      `${QUICK_INPUT} .quick-input-list .monaco-list-row[aria-label^="${cssString(base)}"]`,
    );
    await row.first().waitFor({ state: 'visible', timeout: timeoutMs });
    await row.first().click();
    await this.page
      .locator(`.tabs-container .tab.active[aria-label^="${cssString(base)}"]`)
      .waitFor({ state: 'visible', timeout: timeoutMs });
    await this.activeEditor().locator('.view-lines').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.activeEditor().click({ position: { x: 200, y: 10 } });
    await this.page.locator('.part.editor .monaco-editor.focused').waitFor({ timeout: timeoutMs });
  }

  /** The text editor of the active editor group. */
  activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  /** Visible text of the active editor (what is rendered; enough for small files). */
  async editorText(): Promise<string> {
    const text = await this.activeEditor().locator('.view-lines').innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  /**
   * Selects the first occurrence of `find` after the cursor with the Find widget and types
   * `replacement` over it, key by key, as a user would. The file is left unsaved.
   */
  async typeOver(find: string, replacement: string, timeoutMs = 10_000): Promise<void> {
    await this.page.locator('.part.editor .monaco-editor.focused').waitFor({ timeout: timeoutMs });
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+F');
    const widget = this.page.locator('.part.editor .find-widget.visible');
    await widget.waitFor({ timeout: timeoutMs });
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(find);
    await waitFor(
      async () => {
        const count = (await widget.locator('.matchesCount').innerText()).trim();
        return /^1 of \d+$/.test(count) || undefined;
      },
      { timeoutMs, what: `a match of '${find}' in the Find widget` },
    );
    // Escape closes the widget and leaves the match selected in the editor. A notification toast on
    // screen takes the first Escape (VS Code hides toasts first): press again while the widget shows,
    // never once it is gone (Escape in the editor would drop the selection).
    await waitFor(
      async () => {
        if (!(await widget.isVisible())) return true;
        await this.page.keyboard.press('Escape');
        return false;
      },
      { timeoutMs, what: 'the Find widget to close', intervalMs: 200 },
    );
    await this.page.keyboard.type(replacement, { delay: 20 });
    // The editor renders typed keys asynchronously (slower on a loaded machine): return once it shows them.
    await this.waitOn(
      () => this.editorText(),
      (text) => (text.includes(replacement) ? text : undefined),
      `the editor to show the typed '${replacement}'`,
      timeoutMs,
    );
  }

  /** Texts of the code lenses the active editor renders now (e.g. '0x24a9d853 · feeBps()'). */
  async codeLenses(): Promise<string[]> {
    return this.activeEditor()
      .locator('.codelens-decoration')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ').trim()));
  }

  async waitForCodeLens(ok: (lens: string) => boolean, what: string, timeoutMs = 30_000): Promise<string[]> {
    return this.waitOn(
      () => this.codeLenses(),
      (ls) => (ls.some(ok) ? ls : undefined),
      what,
      timeoutMs,
    );
  }

  async save(timeoutMs = 10_000): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page
      .locator('.tabs-container .tab.active.dirty')
      .waitFor({ state: 'detached', timeout: timeoutMs });
  }

  /** Opens the Problems panel if it is not showing. */
  async showProblems(timeoutMs = 10_000): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (await panel.isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Problems the panel renders now (rows scrolled out of view are not rendered: keep the list short). */
  async problems(): Promise<Problem[]> {
    await this.showProblems();
    return this.page
      .locator('.markers-panel .monaco-list-rows')
      .first()
      .evaluate((rowsEl) => {
        const rows = [...rowsEl.querySelectorAll(':scope > .monaco-list-row')].sort(
          (a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')),
        );
        const out: Problem[] = [];
        let file = '';
        for (const row of rows) {
          const level = row.getAttribute('aria-level');
          if (level === '1') {
            file = row.querySelector('.monaco-icon-label')?.getAttribute('aria-label') ?? '';
            continue;
          }
          const icon = row.querySelector('.marker-icon');
          if (level !== '2' || !icon) continue;
          const text = (sel: string) => (row.querySelector(sel)?.textContent ?? '').trim();
          const pos = /Ln (\d+), Col (\d+)/.exec(text('.marker-line'));
          const sev =
            (['error', 'warning', 'info', 'hint'] as const).find((s) => icon.classList.contains(s)) ?? 'info';
          out.push({
            file,
            severity: sev,
            message: text('.marker-message'),
            source: text('.marker-source'),
            code: text('.marker-code'),
            line: pos ? Number(pos[1]) : 0,
            column: pos ? Number(pos[2]) : 0,
          });
        }
        return out;
      });
  }

  /** Waits until the Problems panel satisfies `ok`; returns what it showed then. */
  async waitForProblems(
    ok: (problems: Problem[]) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<Problem[]> {
    return this.waitOn(
      () => this.problems(),
      (ps) => (ok(ps) ? ps : undefined),
      what,
      timeoutMs,
    );
  }

  /** Messages of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page
      .locator('.notifications-toasts .notification-list-item-message')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
  }

  async waitForNotification(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return this.waitOn(
      () => this.notifications(),
      (ms) => ms.find((m) => pattern.test(m)),
      `a notification matching ${pattern}`,
      timeoutMs,
    );
  }

  /** Waits until the Output panel shows the channel named `name`; returns the channel shown. */
  async waitForOutputChannel(name: string, timeoutMs = 15_000): Promise<string> {
    const shownChannel = async (): Promise<string> => {
      const select = this.page.locator('.part.panel select.monaco-select-box').first();
      if (!(await select.isVisible())) return '';
      return select.evaluate((el) => {
        const box = el as unknown as { selectedIndex: number; options: { text: string }[] };
        return box.options[box.selectedIndex]?.text ?? '';
      });
    };
    return this.waitOn(
      shownChannel,
      (c) => (c === name ? c : undefined),
      `the Output panel to show '${name}'`,
      timeoutMs,
    );
  }

  /** The pane (section) of a view by its title, e.g. 'Facet Explorer'. */
  view(title: string): Locator {
    return this.page.locator('.pane').filter({
      has: this.page.locator(
        `.pane-header[aria-label^="${cssString(title)} "], .pane-header[aria-label="${cssString(title)}"]`,
      ),
    });
  }

  /** Rows a tree view renders now, in display order. */
  async treeRows(viewTitle: string): Promise<TreeRow[]> {
    const rows = this.view(viewTitle).locator('.pane-body .monaco-list-rows').first();
    if ((await rows.count()) === 0) return [];
    return rows.evaluate((rowsEl) =>
      [...rowsEl.querySelectorAll(':scope > .monaco-list-row')]
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => {
          const exp = row.getAttribute('aria-expanded');
          return {
            label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
            description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
            level: Number(row.getAttribute('aria-level') ?? '1'),
            expanded: exp === null ? undefined : exp === 'true',
            ariaLabel: row.getAttribute('aria-label') ?? '',
          };
        }),
    );
  }

  async waitForTreeRows(
    viewTitle: string,
    ok: (rows: TreeRow[]) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<TreeRow[]> {
    return this.waitOn(
      () => this.treeRows(viewTitle),
      (rows) => (ok(rows) ? rows : undefined),
      what,
      timeoutMs,
    );
  }

  /** The row of a tree view whose label is exactly `label` ('pause()' is not 'unpause()'). */
  treeRow(viewTitle: string, label: string): Locator {
    return this.view(viewTitle)
      .locator('.monaco-list-row')
      .filter({
        has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
      })
      .first();
  }

  /** Expands a collapsed tree row by its label (a click on its twistie). */
  async expandTreeRow(viewTitle: string, label: string, timeoutMs = 10_000): Promise<void> {
    await this.setTreeRowExpanded(viewTitle, label, true, timeoutMs);
  }

  /** Collapses an expanded tree row by its label, so the rows below it stay on screen. */
  async collapseTreeRow(viewTitle: string, label: string, timeoutMs = 10_000): Promise<void> {
    await this.setTreeRowExpanded(viewTitle, label, false, timeoutMs);
  }

  /**
   * Right-clicks a tree row and picks `item` from its context menu, as a user would. The error names the
   * menu's entries when `item` is not among them.
   */
  async treeRowContextAction(
    viewTitle: string,
    label: string,
    item: string,
    timeoutMs = 10_000,
  ): Promise<void> {
    const row = this.treeRow(viewTitle, label);
    await row.waitFor({ timeout: timeoutMs });
    await row.locator('.label-name').click({ button: 'right' });
    // Context menus render in a shadow root; role locators pierce it.
    const menu = this.page.getByRole('menu').last();
    await menu.waitFor({ state: 'visible', timeout: timeoutMs });
    const entry = menu.getByRole('menuitem', { name: item, exact: true });
    try {
      await entry.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      const offered = await menu
        .getByRole('menuitem')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
      await this.page.keyboard.press('Escape');
      throw new Error(
        `'${item}' is not in the context menu of '${label}'; offered: ${JSON.stringify(offered)}`,
        {
          cause: err,
        },
      );
    }
    await entry.click();
  }

  /** The modal dialog on screen (showWarningMessage with `modal: true`): its message, detail and buttons. */
  async dialog(): Promise<{ message: string; detail: string; buttons: string[] } | undefined> {
    const box = this.page.locator('.monaco-dialog-box').first();
    if (!(await box.isVisible())) return undefined;
    const text = async (sel: string) => {
      const el = box.locator(sel).first();
      return (await el.count()) ? (await el.innerText()).trim() : '';
    };
    return {
      message: await text('.dialog-message-text'),
      detail: await text('.dialog-message-detail'),
      buttons: await box
        .locator('.dialog-buttons .monaco-button')
        .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim())),
    };
  }

  async waitForDialog(
    pattern: RegExp,
    timeoutMs = 60_000,
  ): Promise<{ message: string; detail: string; buttons: string[] }> {
    return this.waitOn(
      () => this.dialog(),
      (d) => (d && pattern.test(d.message) ? d : undefined),
      `a dialog matching ${pattern}`,
      timeoutMs,
    );
  }

  /** Clicks the button `label` of the modal dialog on screen; resolves once the dialog is gone. */
  async clickDialogButton(label: string, timeoutMs = 10_000): Promise<void> {
    const box = this.page.locator('.monaco-dialog-box').first();
    await box
      .locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
      .first()
      .click({ timeout: timeoutMs });
    await box.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Expands a collapsed view section (pane) by clicking its header, e.g. 'Proposals'. */
  async expandView(title: string, timeoutMs = 10_000): Promise<void> {
    await this.setViewExpanded(title, true, timeoutMs);
  }

  /** Collapses a view section (pane), leaving its height to the sections below it. */
  async collapseView(title: string, timeoutMs = 10_000): Promise<void> {
    await this.setViewExpanded(title, false, timeoutMs);
  }

  private async setViewExpanded(title: string, expanded: boolean, timeoutMs: number): Promise<void> {
    const header = this.view(title).locator('.pane-header').first();
    await header.waitFor({ timeout: timeoutMs });
    const want = String(expanded);
    if ((await header.getAttribute('aria-expanded')) === want) return;
    await header.click();
    await waitFor(async () => (await header.getAttribute('aria-expanded')) === want, {
      timeoutMs,
      what: `the ${title} view to be ${expanded ? 'expanded' : 'collapsed'}`,
    });
  }

  /** Clicks a tree row's label, as a user selecting it (runs the item's command, if it has one). */
  async clickTreeRow(viewTitle: string, label: string, timeoutMs = 10_000): Promise<void> {
    const row = this.treeRow(viewTitle, label);
    await row.waitFor({ timeout: timeoutMs });
    await row.locator('.label-name').click();
  }

  private async setTreeRowExpanded(
    viewTitle: string,
    label: string,
    expanded: boolean,
    timeoutMs: number,
  ): Promise<void> {
    const row = this.treeRow(viewTitle, label);
    await row.waitFor({ timeout: timeoutMs });
    const want = String(expanded);
    if ((await row.getAttribute('aria-expanded')) === want) return;
    await row.locator('.monaco-tl-twistie').click();
    await waitFor(async () => (await row.getAttribute('aria-expanded')) === want, {
      timeoutMs,
      what: `'${label}' in ${viewTitle} to be ${expanded ? 'expanded' : 'collapsed'}`,
    });
  }

  /**
   * The cursor of the active editor as the status bar shows it ("Ln 19, Col 19 (5 selected)");
   * undefined without a text editor. `selected` is 0 without a selection.
   */
  async cursorPosition(): Promise<{ line: number; column: number; selected: number } | undefined> {
    const texts = await this.page
      .locator('.part.statusbar .statusbar-item')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    for (const t of texts) {
      const m = /^Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(t);
      if (m) return { line: Number(m[1]), column: Number(m[2]), selected: Number(m[3] ?? 0) };
    }
    return undefined;
  }

  /**
   * The active editor's path as its breadcrumbs show it, relative to the workspace folder
   * (e.g. 'facets/CoreFacet.sol'): the folder and file items, without the symbols after the file.
   */
  async activeEditorPath(): Promise<string> {
    const items = await this.page
      .locator('.part.editor .editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item')
      .evaluateAll((els) =>
        els.map((e) => ({
          text: (e.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
          // Symbol items (after the file) carry a symbol codicon; folder and file items do not.
          isFile: e.querySelector('[class*="codicon-symbol-"]') === null,
        })),
      );
    return items
      .filter((i) => i.isFile)
      .map((i) => i.text)
      .join('/');
  }

  /**
   * Waits for the open quick input (QuickPick) to offer the row labelled `label` (icons aside), then picks it
   * with a click, as a user would.
   */
  async pickQuickItem(label: string, timeoutMs = 60_000): Promise<void> {
    const row = this.page
      .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
      .filter({
        has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
      })
      .first();
    try {
      await row.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      throw new Error(`'${label}' is not offered; offered: ${JSON.stringify(await this.quickInputRows())}`, {
        cause: err,
      });
    }
    await row.click();
  }

  /** Replaces the text of the open quick input's box (an InputBox, or a QuickPick's filter) by typing it. */
  async typeInQuickInput(text: string, timeoutMs = 15_000): Promise<void> {
    const input = this.page.locator(`${QUICK_INPUT} input.input`);
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.focus();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(text);
    await this.waitOn(
      () => input.inputValue(),
      (v) => (v === text ? v : undefined),
      `the quick input to hold '${text}'`,
      timeoutMs,
    );
  }

  /** The open quick input's title and validation message ('' when there is none). */
  async quickInputState(): Promise<{ visible: boolean; title: string; message: string }> {
    const widget = this.page.locator(QUICK_INPUT);
    if (!(await widget.isVisible())) return { visible: false, title: '', message: '' };
    const text = async (sel: string) => {
      const el = widget.locator(sel).first();
      return (await el.count()) && (await el.isVisible()) ? (await el.innerText()).trim() : '';
    };
    return {
      visible: true,
      title: await text('.quick-input-title'),
      message: await text('.quick-input-message'),
    };
  }

  async waitForQuickInput(
    ok: (state: { visible: boolean; title: string; message: string }) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<{ visible: boolean; title: string; message: string }> {
    return this.waitOn(
      () => this.quickInputState(),
      (st) => (ok(st) ? st : undefined),
      what,
      timeoutMs,
    );
  }

  /** Presses Enter in the open quick input (accepts an InputBox's value). */
  async acceptQuickInput(): Promise<void> {
    await this.page.locator(`${QUICK_INPUT} input.input`).focus();
    await this.page.keyboard.press('Enter');
  }

  /** Clicks the button `button` of the notification toast whose message matches `pattern`. */
  async clickNotificationButton(pattern: RegExp, button: string, timeoutMs = 15_000): Promise<void> {
    await this.waitForNotification(pattern, timeoutMs);
    const toast = this.page
      .locator('.notifications-toasts .notification-list-item')
      .filter({ has: this.page.locator('.notification-list-item-message', { hasText: pattern }) })
      .first();
    await toast.hover();
    const b = toast
      .locator('.monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(button)}\\s*$`) })
      .first();
    await b.waitFor({ state: 'visible', timeout: timeoutMs });
    await b.click();
  }

  /**
   * The frame (a webview such as the Markdown preview; frames nest) whose body text matches `pattern`, and that
   * text, once one does.
   */
  async waitForFrameText(
    pattern: RegExp,
    what: string,
    timeoutMs = 60_000,
  ): Promise<{ frame: Frame; text: string }> {
    const read = async () => {
      const seen: { frame: Frame; text: string }[] = [];
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        // A frame that is loading or gone reads as empty.
        const text = await frame
          .locator('body')
          .innerText({ timeout: 1_000 })
          .catch(() => '');
        if (text) seen.push({ frame, text });
      }
      return seen;
    };
    const found = await this.waitOn(
      read,
      (frames) => frames.find((f) => pattern.test(f.text)),
      what,
      timeoutMs,
    ).catch((err: Error) => {
      // The frames' texts are long: the error keeps their first lines only.
      throw new Error(err.message.slice(0, 4000), { cause: err });
    });
    return found;
  }

  /** Drags the side bar's edge `px` to the right (wider trees for screenshots); resolves once it is wider. */
  async widenSideBar(px: number, timeoutMs = 10_000): Promise<void> {
    const bar = this.page.locator('.part.sidebar');
    const before = await bar.boundingBox();
    if (!before) throw new Error('no side bar');
    // The grid's vertical sash nearest the side bar's right edge.
    const edge = before.x + before.width;
    const sashes = await this.page.locator('.monaco-sash.vertical').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x + r.width / 2, top: r.y, height: r.height, width: r.width };
      }),
    );
    const sash = sashes
      .filter((x) => x.width > 0 && x.height > before.height / 2)
      .sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
    if (!sash) throw new Error(`no sash at the side bar's edge (${JSON.stringify(sashes)})`);
    const x = sash.x;
    const y = sash.top + sash.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + px, y, { steps: 10 });
    await this.page.mouse.up();
    await this.waitOn(
      async () => (await bar.boundingBox())?.width ?? 0,
      (w) => (w > before.width + px / 2 ? w : undefined),
      `the side bar to be wider than ${before.width + px / 2}px`,
      timeoutMs,
    );
  }

  /** A full-page screenshot kept in test-artifacts/e2e/; returns its path. */
  async screenshot(step: string): Promise<string> {
    mkdirSync(artifactsDir(), { recursive: true });
    const file = join(artifactsDir(), `${this.artifactPrefix}-${step.replace(/[^a-z0-9_-]+/gi, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Reads `read` until `pick` returns a value; on timeout the error shows what was last read. */
  private async waitOn<T, R>(
    read: () => Promise<T>,
    pick: (seen: T) => R | undefined,
    what: string,
    timeoutMs: number,
  ): Promise<R> {
    let last: T | undefined;
    try {
      return await waitFor(
        async () => {
          last = await read();
          return pick(last);
        },
        { timeoutMs, what, intervalMs: 250 },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\nlast seen: ${JSON.stringify(last, null, 2)}`, {
        cause: err,
      });
    }
  }

  private async openQuickInput(key: string, timeoutMs: number): Promise<void> {
    const widget = this.page.locator(QUICK_INPUT);
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
    }
    await this.page.keyboard.press(key);
    await widget.waitFor({ state: 'visible', timeout: timeoutMs });
    await widget.locator('input.input').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  private async quickInputRows(): Promise<string[]> {
    return this.page
      .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes a value for a CSS attribute selector in double quotes. */
function cssString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
