/**
 * createAnalysisService: the engine's façade for the language server and the CLI.
 * Provisional: parses files incrementally; selector and storage analysis are wired in as the
 * workspace index and selector modules land.
 */
import { defaultConfig, type DiamondConfig } from './config';
import type { Finding } from './findings';
import type {
  AnalysisService,
  CodeLensResult,
  ContractSelectors,
  FileHost,
  HoverResult,
  NamespaceEntry,
} from './service-api';
import { IncrementalParser } from './syntax/parser';

export interface ServiceOptions {
  /** Project root (file key): remappings and relative config paths resolve against it. */
  root?: string;
}

export function createAnalysisService(_host: FileHost, _options: ServiceOptions = {}): AnalysisService {
  const parsers = new Map<string, IncrementalParser>();
  let config: DiamondConfig = defaultConfig();
  return {
    setConfig(c) {
      config = c;
    },
    setBaseline() {},
    updateFile(file, text) {
      let p = parsers.get(file);
      if (!p) parsers.set(file, (p = new IncrementalParser(file)));
      p.update(text);
    },
    removeFile(file) {
      parsers.delete(file);
    },
    findings(): Finding[] {
      void config;
      return [];
    },
    contractSelectors(): ContractSelectors[] {
      return [];
    },
    namespaces(): NamespaceEntry[] {
      return [];
    },
    hover(): HoverResult | undefined {
      return undefined;
    },
    codeLenses(): CodeLensResult[] {
      return [];
    },
  };
}
