/**
 * The size limits of hand-written source (issue 11): no file over 400 lines, no function over 80. Generated code and
 * tests are exempt. Run `pnpm exec tsx test/architecture/size.ts` for the list; test/architecture/size.test.ts keeps it
 * empty.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;
/** The hand-written source the limits apply to. */
export const SOURCE_ROOTS = ['mock-server/src', 'packages/sdk/src', 'scripts'];

/** One file or function over its limit. */
export interface Oversize {
  file: string;
  /** The function's name (or `<file>`), and where it starts. */
  what: string;
  line: number;
  lines: number;
  limit: number;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'generated' && name !== 'node_modules' && name !== 'fixtures') out.push(...sourceFiles(path));
    } else if (/\.(ts|mts|tsx)$/.test(name) && !/\.(test|test-d|bench)\.tsx?$/.test(name) && !name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText(sf);
  return '<anonymous>';
}

/** The oversized files and functions of one file's text. */
export function oversizedIn(file: string, text: string): Oversize[] {
  const out: Oversize[] = [];
  const total = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (total > MAX_FILE_LINES) out.push({ file, what: '<file>', line: 1, lines: total, limit: MAX_FILE_LINES });
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES)
        out.push({ file, what: nameOf(node, sf), line: start + 1, lines, limit: MAX_FUNCTION_LINES });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every oversized file and function under the source roots of the repository at `root`. */
export function oversized(root: string): Oversize[] {
  return SOURCE_ROOTS.flatMap((dir) =>
    sourceFiles(join(root, dir)).flatMap((path) => oversizedIn(relative(root, path), readFileSync(path, 'utf8'))),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const o of oversized(process.cwd()))
    console.log(`${o.file}:${o.line} ${o.what}: ${o.lines} lines (limit ${o.limit})`);
}
