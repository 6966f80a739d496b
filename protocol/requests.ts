/**
 * Custom LSP requests between the VS Code client and the language server, declared once.
 * The client never computes what the engine knows: it asks here.
 * Positions are LSP positions (0-based line, UTF-16 character).
 */
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';

export interface SourceLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface LocalFunction {
  selector: string;
  signature: string;
  location: SourceLocation;
}

export interface LocalContract {
  name: string;
  uri: string;
  isFacet: boolean;
  functions: LocalFunction[];
}

/** `diamond/contracts`: every contract the workspace index knows, with selectors and where they are declared. */
export const ContractsRequest = new RequestType0<{ contracts: LocalContract[] }, void>('diamond/contracts');

/** `diamond/resolveSelectors`: where (if anywhere) each selector is implemented locally. */
export interface ResolveSelectorsParams {
  selectors: string[];
}
export interface ResolvedSelector {
  selector: string;
  /** null when no local contract exposes it. */
  signature: string | null;
  contracts: { name: string; location: SourceLocation }[];
}
export const ResolveSelectorsRequest = new RequestType<
  ResolveSelectorsParams,
  { results: ResolvedSelector[] },
  void
>('diamond/resolveSelectors');

/** `diamond/analysisStats`: how much the server has indexed (status bar, tests). */
export interface AnalysisStats {
  files: number;
  contracts: number;
  facets: number;
  findings: number;
}
export const AnalysisStatsRequest = new RequestType0<AnalysisStats, void>('diamond/analysisStats');
