/**
 * What a user's editor sees: the TypeScript language service over one consumer file (held in memory, placed in the
 * repository so that it resolves the workspace packages as an application would), with the repository's compiler
 * settings and `exactOptionalPropertyTypes` on (the strictest a consumer may set). Markers written as
 * comments in the source (`/*hover:name*\/`) name positions: the one just after the comment.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './mock-process.js';

export interface ConsumerService {
  service: ts.LanguageService;
  /** The consumer file's path. */
  file: string;
  /** The position just after the marker comment `/*name*\/`. */
  at(marker: string): number;
  /** The hover text at a marker: the documentation, and the block tags as `@name text` lines. */
  hover(marker: string): { docs: string; tags: string };
  /** Every syntactic and semantic error of the consumer file. */
  diagnostics(): { code: number; at: number; text: string }[];
}

/** A language service over `source`, as if saved at `path` (relative to the repository root). */
export function consumerService(path: string, source: string): ConsumerService {
  const file = resolve(repoRoot, path);
  const config = ts.readConfigFile(resolve(repoRoot, 'tsconfig.base.json'), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(
    { ...config, compilerOptions: { ...config.compilerOptions, exactOptionalPropertyTypes: true, types: ['node'] } },
    ts.sys,
    repoRoot,
  );
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = name === file ? source : ts.sys.fileExists(name) ? readFileSync(name, 'utf8') : undefined;
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => repoRoot,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const at = (marker: string) => {
    const i = source.indexOf(`/*${marker}*/`);
    if (i < 0) throw new Error(`no marker ${marker}`);
    return i + marker.length + 4;
  };
  return {
    service,
    file,
    at,
    hover(marker) {
      const info = service.getQuickInfoAtPosition(file, at(marker));
      if (!info) throw new Error(`no hover at ${marker}`);
      return {
        docs: ts.displayPartsToString(info.documentation),
        tags: (info.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`).join('\n'),
      };
    },
    diagnostics: () =>
      [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].map((d) => ({
        code: d.code,
        at: d.start ?? -1,
        text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      })),
  };
}
