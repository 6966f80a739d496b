/**
 * The server's lifecycle: workspace folders → projects, settings pulled per folder, editor and
 * disk changes, debounced analysis, baseline loads. Feature handlers (hover, lenses...) only read.
 */
import { basename } from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { AnalysisDoneNotification, type AnalysisDoneParams } from '../../protocol/requests';
import { uriToKey } from './convert';
import type { ServerContext } from './context';
import type { DiagnosticsPublisher } from './diagnostics/publisher';
import { describeError } from './guard';
import { isBaselineFolder, readBaseline } from '../../host/src/baseline';
import { PROJECT_FILES } from '../../host/src/project-config';
import type { Project } from './project/project';
import { coerceSettings, DEFAULT_SETTINGS } from './settings';

export interface SessionOptions {
  /** The client answers `workspace/configuration`. */
  configuration: boolean;
  /**
   * False in VS Code's Restricted Mode: analysis only, no child processes on the workspace (a
   * repository's own git config can run commands, e.g. core.fsmonitor), so no git baseline.
   */
  trusted: boolean;
}

export class Session {
  private readonly timers = new Map<Project, NodeJS.Timeout>();
  private disposed = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly publisher: DiagnosticsPublisher,
    private readonly options: SessionOptions,
  ) {}

  // ---- folders ------------------------------------------------------------------------------

  async addFolder(uri: string, name: string): Promise<void> {
    const root = uriToKey(uri);
    if (root === undefined) return;
    const project = this.ctx.projects.add(root, name);
    this.ctx.uris.remember(uri);
    // Files the loose project held that now belong to this folder move over with their buffers.
    this.ctx.projects.loose.handOpenFilesTo(project);
    this.schedule(this.ctx.projects.loose);
    const t0 = Date.now();
    project.reloadProjectFiles();
    const n = project.indexAll();
    await this.pullSettings(project, uri);
    this.ctx.log.info(`[index] ${name}: ${n} Solidity file(s) in ${Date.now() - t0} ms`);
    this.analyzeNow(project);
  }

  removeFolder(uri: string): void {
    const root = uriToKey(uri);
    if (root === undefined) return;
    const p = this.ctx.projects.remove(root);
    if (p) {
      this.cancel(p);
      this.publisher.clear(p);
    }
  }

  // ---- settings -----------------------------------------------------------------------------

  private async pullSettings(project: Project, scopeUri: string | undefined): Promise<void> {
    let raw: unknown = undefined;
    if (this.options.configuration) {
      try {
        raw = await this.ctx.connection.workspace.getConfiguration(
          scopeUri ? { scopeUri, section: 'diamond' } : { section: 'diamond' },
        );
      } catch (e) {
        this.ctx.log.warn(`[settings] workspace/configuration failed: ${describeError(e)}`);
      }
    }
    const { settings, problems } =
      raw === undefined ? { settings: DEFAULT_SETTINGS, problems: [] } : coerceSettings(raw);
    for (const p of problems) this.ctx.log.warn(`[settings] ${p}`);
    project.applySettings(settings);
    if (project.baselineSpec !== settings.baseline) this.loadBaseline(project);
  }

  /** didChangeConfiguration: pull again for every project; changes apply without a restart. */
  async refreshSettings(): Promise<void> {
    await Promise.all(
      this.ctx.projects.all().map(async (p) => {
        await this.pullSettings(p, p.root !== undefined ? this.ctx.uris.uriOf(p.root) : undefined);
        this.schedule(p);
      }),
    );
  }

  /**
   * Reads the baseline in the background. `refresh`: the same spec again (HEAD may have moved since a
   * commit); an unchanged result leaves the engine alone.
   */
  private loadBaseline(project: Project, refresh = false): void {
    const spec = project.settings.baseline;
    project.baselineSpec = spec;
    project.baselineReadAt = performance.now();
    const gen = project.nextBaselineGeneration();
    if (project.root === undefined || spec === '') {
      project.baselineFiles = undefined;
      project.service.setBaseline(undefined);
      project.baselineNote = 'no baseline';
      return;
    }
    if (!this.options.trusted && !isBaselineFolder(project.root, spec)) {
      project.baselineFiles = undefined;
      project.service.setBaseline(undefined);
      project.baselineNote = 'git baseline off in an untrusted workspace';
      if (!refresh) this.ctx.log.info(`[baseline] ${project.name}: ${project.baselineNote}`);
      return;
    }
    readBaseline(project.root, spec).then(
      (b) => {
        if (this.disposed || !project.isCurrentBaseline(gen)) return;
        if (refresh && sameFiles(project.baselineFiles, b?.files)) return;
        project.baselineFiles = b?.files;
        project.service.setBaseline(b?.files);
        project.baselineNote = b?.description ?? 'no baseline';
        this.ctx.log.info(`[baseline] ${project.name}: ${project.baselineNote}`);
        this.schedule(project);
      },
      (e: unknown) => {
        if (this.disposed || !project.isCurrentBaseline(gen)) return;
        project.baselineFiles = undefined;
        project.service.setBaseline(undefined);
        project.baselineNote = `baseline "${spec}" unavailable`;
        if (!refresh)
          this.ctx.log.info(`[baseline] ${project.name}: ${spec} unavailable (${(e as Error).message})`);
      },
    );
  }

  /** A git baseline older than this is re-read before the next analysis (commits move HEAD). */
  static readonly BASELINE_REFRESH_MS = 30_000;

  private refreshBaselineIfStale(project: Project): void {
    if (project.baselineSpec === undefined || project.baselineSpec === '' || project.root === undefined)
      return;
    if (performance.now() - project.baselineReadAt < Session.BASELINE_REFRESH_MS) return;
    this.loadBaseline(project, true);
  }

  // ---- documents and files ------------------------------------------------------------------

  didOpenOrChange(uri: string, text: string): void {
    const file = this.ctx.uris.remember(uri);
    if (file === undefined || !file.endsWith('.sol')) return;
    const project = this.ctx.projects.forFile(file);
    project.setOpenText(file, text);
    this.schedule(project);
  }

  didClose(uri: string): void {
    const file = uriToKey(uri);
    if (file === undefined || !file.endsWith('.sol')) return;
    const project = this.ctx.projects.forFile(file);
    project.closeFile(file);
    this.schedule(project);
  }

  didChangeWatchedFiles(changes: readonly FileEvent[]): void {
    const touched = new Set<Project>();
    const reload = new Set<Project>();
    for (const c of changes) {
      const file = uriToKey(c.uri);
      if (file === undefined) continue;
      const project = this.ctx.projects.forFile(file);
      if (PROJECT_FILES.includes(basename(file))) {
        reload.add(project);
      } else if (file.endsWith('.sol')) {
        project.diskChanged(file, c.type === FileChangeType.Deleted);
        touched.add(project);
      } else if (c.type === FileChangeType.Deleted && project.diskDeletedUnder(file)) {
        touched.add(project);
      }
    }
    for (const p of reload) {
      p.reloadProjectFiles();
      touched.add(p);
    }
    for (const p of touched) this.schedule(p);
  }

  // ---- analysis -----------------------------------------------------------------------------

  /** Debounced analysis of one project (diamond.diagnostics.debounceMs). */
  schedule(project: Project): void {
    if (this.disposed) return;
    this.cancel(project);
    const t = setTimeout(() => {
      this.timers.delete(project);
      this.analyzeNow(project);
    }, project.settings.debounceMs);
    this.timers.set(project, t);
  }

  private cancel(project: Project): void {
    const t = this.timers.get(project);
    if (t) clearTimeout(t);
    this.timers.delete(project);
  }

  analyzeNow(project: Project): void {
    if (this.disposed) return;
    this.cancel(project);
    this.refreshBaselineIfStale(project);
    try {
      const t0 = performance.now();
      project.analyze();
      const published = this.publisher.publish(project);
      const ms = performance.now() - t0;
      if (ms > 200) this.ctx.log.info(`[analysis] ${project.name}: ${ms.toFixed(0)} ms`);
      const done: AnalysisDoneParams = {
        folder: project.root !== undefined ? this.ctx.uris.uriOf(project.root) : null,
        findings: project.findings.length,
        published,
      };
      void this.ctx.connection.sendNotification(AnalysisDoneNotification.method, done);
    } catch (e) {
      this.ctx.log.error(`[analysis] ${project.name}: ${describeError(e)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

function sameFiles(
  a: ReadonlyMap<string, string> | undefined,
  b: ReadonlyMap<string, string> | undefined,
): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
