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
import { readBaseline } from './node/baseline';
import { PROJECT_FILES } from './node/project-config';
import type { Project } from './project/project';
import { coerceSettings, DEFAULT_SETTINGS } from './settings';

export interface SessionOptions {
  /** The client answers `workspace/configuration`. */
  configuration: boolean;
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

  private loadBaseline(project: Project): void {
    const spec = project.settings.baseline;
    project.baselineSpec = spec;
    const gen = project.nextBaselineGeneration();
    if (project.root === undefined || spec === '') {
      project.service.setBaseline(undefined);
      project.baselineNote = 'no baseline';
      return;
    }
    readBaseline(project.root, spec).then(
      (b) => {
        if (this.disposed || !project.isCurrentBaseline(gen)) return;
        project.service.setBaseline(b?.files);
        project.baselineNote = b?.description ?? 'no baseline';
        this.ctx.log.info(`[baseline] ${project.name}: ${project.baselineNote}`);
        this.schedule(project);
      },
      (e: unknown) => {
        if (this.disposed || !project.isCurrentBaseline(gen)) return;
        project.service.setBaseline(undefined);
        project.baselineNote = `baseline "${spec}" unavailable`;
        this.ctx.log.info(`[baseline] ${project.name}: ${spec} unavailable (${(e as Error).message})`);
      },
    );
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
