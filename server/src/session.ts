/**
 * The server's lifecycle: workspace folders → projects (one per diamond.config.json, nested like
 * tsconfig), settings pulled per folder, editor and disk changes (a config created or deleted splits the
 * folder again), debounced analysis, baseline loads. Feature handlers (hover, lenses...) only read.
 */
import { basename, dirname } from 'node:path';
import { FileChangeType, MessageType, ShowMessageNotification, type FileEvent } from 'vscode-languageserver';
import { AnalysisDoneNotification, type AnalysisDoneParams } from '../../protocol/requests';
import { uriToKey } from './convert';
import type { ServerContext } from './context';
import type { DiagnosticsPublisher } from './diagnostics/publisher';
import { coldOpen } from './cold-open';
import { describeError } from './guard';
import { isBaselineFolder, readBaseline } from '../../host/src/baseline';
import { fileKey, inSkippedDir, isWithin } from '../../host/src/files';
import { CONFIG_FILE, PROJECT_FILES } from '../../host/src/project-config';
import { Folder, type Repartition } from './project/folder';
import { sameFiles, type Project } from './project/project';
import { coerceSettings, DEFAULT_SETTINGS } from './settings';
import { isLargeText, LargeFileDeferral } from './large-files';

export interface SessionOptions {
  /** The client answers `workspace/configuration`. */
  configuration: boolean;
  /**
   * False in VS Code's Restricted Mode: analysis only, no child processes on the workspace (a
   * repository's own git config can run commands, e.g. core.fsmonitor), so no git baseline.
   */
  trusted: boolean;
  /** Called after each analysis (debug probes: DIAMOND_DEBUG_MEMORY_LOG). */
  afterAnalysis?: () => void;
}

export class Session {
  /** Pending analyses: a timer, or with no debounce an immediate (a 0 ms timer waits a whole millisecond). */
  private readonly timers = new Map<Project, { cancel(): void }>();
  private disposed = false;
  /** Edits of very large documents, held until the editor is idle (large-files.ts). */
  private readonly large: LargeFileDeferral;

  constructor(
    private readonly ctx: ServerContext,
    private readonly publisher: DiagnosticsPublisher,
    private readonly options: SessionOptions,
  ) {
    this.large = new LargeFileDeferral(
      (file, text) => this.deliver(file, text),
      (message) => {
        this.ctx.log.info(`[large-file] ${message}`);
        void this.ctx.connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Info,
          message,
        });
      },
    );
  }

  // ---- folders ------------------------------------------------------------------------------

  async addFolder(uri: string, name: string): Promise<void> {
    const root = uriToKey(uri);
    if (root === undefined) return;
    const folder = this.ctx.projects.addFolder(root, name);
    this.ctx.uris.remember(uri);
    // Asked before the folder is read: the client answers while its files are read.
    const settings = this.fetchSettings(uri);
    const t0 = Date.now();
    folder.rescan();
    // Files the loose project held that now belong to this folder move over with their buffers.
    const loose = this.ctx.projects.loose;
    loose.handOpenFiles((file) => (folder.contains(file) ? folder.projectFor(file) : undefined));
    this.schedule(loose);
    for (const p of folder.projects) p.reloadProjectFiles();
    coldOpen.mark('read files');
    this.applySettings(folder, await settings);
    coldOpen.mark('settings');
    const projects = folder.projects;
    const files = projects.reduce((n, p) => n + p.diskFileCount, 0);
    const nested = projects.length > 1 ? ` in ${projects.length} projects` : '';
    this.ctx.log.info(`[index] ${name}: ${files} Solidity file(s)${nested} in ${Date.now() - t0} ms`);
    for (const p of projects) this.analyzeNow(p);
  }

  removeFolder(uri: string): void {
    const root = uriToKey(uri);
    if (root === undefined) return;
    const folder = this.ctx.projects.removeFolder(root);
    for (const p of folder?.projects ?? []) {
      this.cancel(p);
      this.publisher.clear(p);
    }
  }

  // ---- settings -----------------------------------------------------------------------------

  private async pullSettings(target: Folder | Project, scopeUri: string | undefined): Promise<void> {
    this.applySettings(target, await this.fetchSettings(scopeUri));
  }

  /** The client's `diamond` section for a scope (undefined: the client does not answer, or failed). */
  private async fetchSettings(scopeUri: string | undefined): Promise<unknown> {
    if (!this.options.configuration) return undefined;
    try {
      return await this.ctx.connection.workspace.getConfiguration(
        scopeUri ? { scopeUri, section: 'diamond' } : { section: 'diamond' },
      );
    } catch (e) {
      this.ctx.log.warn(`[settings] workspace/configuration failed: ${describeError(e)}`);
      return undefined;
    }
  }

  private applySettings(target: Folder | Project, raw: unknown): void {
    const { settings, problems } =
      raw === undefined ? { settings: DEFAULT_SETTINGS, problems: [] } : coerceSettings(raw);
    for (const p of problems) this.ctx.log.warn(`[settings] ${p}`);
    target.applySettings(settings);
    if (target instanceof Folder && target.baselineSpec !== settings.baseline) this.loadBaseline(target);
  }

  /** didChangeConfiguration: pull again for every folder; changes apply without a restart. */
  async refreshSettings(): Promise<void> {
    const loose = this.ctx.projects.loose;
    await Promise.all([
      ...this.ctx.projects.workspaceFolders.map(async (f) => {
        await this.pullSettings(f, this.ctx.uris.uriOf(f.root));
        for (const p of f.projects) this.schedule(p);
      }),
      (async () => {
        await this.pullSettings(loose, undefined);
        this.schedule(loose);
      })(),
    ]);
  }

  /**
   * Reads the folder's baseline in the background and shares it out to its projects. `refresh`: the
   * same spec again (HEAD may have moved since a commit); an unchanged result leaves the engines alone.
   */
  private loadBaseline(folder: Folder, refresh = false): void {
    const spec = folder.settings.baseline;
    folder.baselineSpec = spec;
    folder.baselineReadAt = performance.now();
    const gen = folder.nextBaselineGeneration();
    if (spec === '') {
      folder.setBaselineFiles(undefined);
      folder.baselineNote = 'no baseline';
      return;
    }
    if (!this.options.trusted && !isBaselineFolder(folder.root, spec)) {
      folder.setBaselineFiles(undefined);
      folder.baselineNote = 'git baseline off in an untrusted workspace';
      if (!refresh) this.ctx.log.info(`[baseline] ${folder.name}: ${folder.baselineNote}`);
      return;
    }
    readBaseline(folder.root, spec).then(
      (b) => {
        if (this.disposed || !folder.isCurrentBaseline(gen)) return;
        if (refresh && sameFiles(folder.baselineFiles, b?.files)) return;
        folder.setBaselineFiles(b?.files);
        folder.baselineNote = b?.description ?? 'no baseline';
        this.ctx.log.info(`[baseline] ${folder.name}: ${folder.baselineNote}`);
        for (const p of folder.projects) this.schedule(p);
      },
      (e: unknown) => {
        if (this.disposed || !folder.isCurrentBaseline(gen)) return;
        folder.setBaselineFiles(undefined);
        folder.baselineNote = `baseline "${spec}" unavailable`;
        if (!refresh)
          this.ctx.log.info(`[baseline] ${folder.name}: ${spec} unavailable (${(e as Error).message})`);
      },
    );
  }

  /** A git baseline older than this is re-read before the next analysis (commits move HEAD). */
  static readonly BASELINE_REFRESH_MS = 30_000;

  private refreshBaselineIfStale(folder: Folder): void {
    if (folder.baselineSpec === undefined || folder.baselineSpec === '') return;
    if (performance.now() - folder.baselineReadAt < Session.BASELINE_REFRESH_MS) return;
    this.loadBaseline(folder, true);
  }

  // ---- documents and files ------------------------------------------------------------------

  didOpenOrChange(uri: string, text: string): void {
    const file = this.ctx.uris.remember(uri);
    if (file !== undefined && basename(file) === CONFIG_FILE) return this.configBuffer(file, text);
    if (file === undefined || !file.endsWith('.sol')) return;
    if (isLargeText(text)) {
      // Not on every keystroke, and not flushed by requests on other files: once the editor is idle.
      this.large.hold(file, text, this.ctx.projects.forFile(file).settings.debounceMs);
      return;
    }
    this.large.drop(file);
    this.deliver(file, text);
  }

  /** A document's text to its project, analysed after the debounce. */
  private deliver(file: string, text: string): void {
    if (this.disposed) return;
    const project = this.ctx.projects.forFile(file);
    project.setOpenText(file, text);
    this.schedule(project);
    this.notifyReaders(file, project);
  }

  didClose(uri: string): void {
    const file = uriToKey(uri);
    if (file !== undefined && basename(file) === CONFIG_FILE) return this.configBuffer(file, undefined);
    if (file === undefined || !file.endsWith('.sol')) return;
    this.large.drop(file);
    const project = this.ctx.projects.forFile(file);
    project.closeFile(file);
    this.schedule(project);
    this.notifyReaders(file, project);
  }

  /** A diamond.config.json editor: validated and applied as typed (server/src/project/projects.ts). */
  private configBuffer(file: string, text: string | undefined): void {
    const project = this.ctx.projects.setConfigBuffer(file, text);
    if (project) this.schedule(project);
  }

  /** Other projects that imported a file whose text changed forget it and analyse again. */
  private notifyReaders(file: string, owner: Project): void {
    for (const p of this.ctx.projects.all()) {
      if (p !== owner && p.readsFromOutside(file) && p.outsideChanged(file)) this.schedule(p);
    }
  }

  didChangeWatchedFiles(changes: readonly FileEvent[]): void {
    const touched = new Set<Project>();
    const reload = new Set<Project>();
    /** Folders to split again: a diamond.config.json (or a folder holding one) came or went. */
    const rescan = new Set<Folder>();
    /** Folders of changed config files: their project (if still one after the rescan) reloads. */
    const configDirs = new Set<string>();
    /** Projects whose deploy scripts, records or deploy configs changed: they read their registrations again. */
    const registrations = new Set<Project>();
    for (const c of changes) {
      const file = uriToKey(c.uri);
      if (file === undefined) continue;
      const folder = this.ctx.projects.folderFor(file);
      const project = this.ctx.projects.forFile(file);
      const name = basename(file);
      if (project.registersFacets(file)) registrations.add(project);
      if (name === CONFIG_FILE) {
        // A config in node_modules, out, ... roots no project: no need to walk the folder again.
        if (folder && !inSkippedDir(folder.root, file)) rescan.add(folder);
        configDirs.add(fileKey(dirname(file)));
      } else if (PROJECT_FILES.includes(name)) {
        // Nested projects without remapping files of their own inherit these: reload the whole folder.
        for (const p of folder?.projects ?? [project]) reload.add(p);
      } else if (file.endsWith('.sol')) {
        project.diskChanged(file, c.type === FileChangeType.Deleted);
        touched.add(project);
      } else if (c.type === FileChangeType.Deleted) {
        // A deleted folder is reported alone, not file by file.
        for (const p of folder?.projects ?? [project]) if (p.diskDeletedUnder(file)) touched.add(p);
        if (folder && folder.projectRoots.some((r) => r !== folder.root && isWithin(file, r)))
          rescan.add(folder);
      }
      // Projects that imported the file (or files under a deleted folder) from outside read it again.
      for (const p of this.ctx.projects.all()) if (p.outsideChanged(file)) touched.add(p);
    }
    for (const folder of rescan) {
      const { added, removed, changed } = this.repartition(folder);
      for (const p of [...added, ...changed]) touched.add(p);
      for (const p of removed) {
        touched.delete(p);
        reload.delete(p);
      }
    }
    for (const dir of configDirs) {
      const p = this.ctx.projects.folderFor(dir)?.projects.find((x) => x.root === dir);
      if (p) reload.add(p);
    }
    for (const p of reload) {
      p.reloadProjectFiles();
      touched.add(p);
      registrations.delete(p);
    }
    for (const p of registrations) {
      if (!this.ctx.projects.all().includes(p)) continue;
      p.reloadRegistrations();
      touched.add(p);
    }
    for (const p of touched) this.schedule(p);
  }

  /** Splits a folder into projects again; new projects read their project files, gone ones are cleared. */
  private repartition(folder: Folder): Repartition {
    const r = folder.rescan();
    for (const p of r.removed) {
      this.cancel(p);
      this.publisher.clear(p);
    }
    for (const p of r.added) p.reloadProjectFiles();
    if (r.added.length || r.removed.length)
      this.ctx.log.info(
        `[index] ${folder.name}: ${folder.projects.length} project(s)` +
          (r.added.length ? `, added ${r.added.map((p) => p.name).join(', ')}` : '') +
          (r.removed.length ? `, removed ${r.removed.map((p) => p.name).join(', ')}` : ''),
      );
    return r;
  }

  // ---- analysis -----------------------------------------------------------------------------

  /** Debounced analysis of one project (diamond.diagnostics.debounceMs). */
  schedule(project: Project): void {
    if (this.disposed) return;
    this.cancel(project);
    const run = () => {
      this.timers.delete(project);
      this.analyzeNow(project);
    };
    const ms = project.settings.debounceMs;
    if (ms > 0) {
      const t = setTimeout(run, ms);
      this.timers.set(project, { cancel: () => clearTimeout(t) });
    } else {
      const i = setImmediate(run);
      this.timers.set(project, { cancel: () => clearImmediate(i) });
    }
  }

  private cancel(project: Project): void {
    this.timers.get(project)?.cancel();
    this.timers.delete(project);
  }

  analyzeNow(project: Project): void {
    if (this.disposed) return;
    this.cancel(project);
    const folder = this.ctx.projects.folderOf(project);
    if (project !== this.ctx.projects.loose && !folder) return; // its folder or config went meanwhile
    if (folder) this.refreshBaselineIfStale(folder);
    try {
      const t0 = performance.now();
      project.flush();
      coldOpen.mark('index');
      project.analyze();
      coldOpen.mark('first findings');
      const published = this.publisher.publish(project, (file) => this.ctx.projects.publishes(project, file));
      coldOpen.mark('published');
      const cold = published ? coldOpen.report() : undefined;
      if (cold) this.ctx.log.info(cold);
      const ms = performance.now() - t0;
      if (ms > 200) this.ctx.log.info(`[analysis] ${project.name}: ${ms.toFixed(0)} ms`);
      const done: AnalysisDoneParams = {
        folder: folder ? this.ctx.uris.uriOf(folder.root) : null,
        findings: project.findings.filter((f) => this.ctx.projects.publishes(project, f.file)).length,
        published,
      };
      void this.ctx.connection.sendNotification(AnalysisDoneNotification.method, done);
      this.options.afterAnalysis?.();
    } catch (e) {
      this.ctx.log.error(`[analysis] ${project.name}: ${describeError(e)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.large.dispose();
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
