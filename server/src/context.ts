/** What every feature handler needs: the connection, the projects, URI spelling, logging. */
import type { Connection } from 'vscode-languageserver';
import { uriToKey, type UriMap } from './convert';
import type { Logger } from './guard';
import type { Project } from './project/project';
import type { Projects } from './project/projects';

export interface ServerContext {
  connection: Connection;
  projects: Projects;
  uris: UriMap;
  log: Logger;
}

/** The project owning a document and its engine key, with pending edits handed to the engine. */
export function projectFor(ctx: ServerContext, uri: string): { project: Project; file: string } | undefined {
  const file = uriToKey(uri);
  if (file === undefined) return undefined;
  const project = ctx.projects.forFile(file);
  project.flush();
  return { project, file };
}
