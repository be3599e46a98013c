/**
 * The TypeScript snippets of the README and the guides compile, and those fenced as ```` ```ts runnable ```` run as
 * pasted against the mock (tsx, from the workspace sources).
 *
 * Most snippets are excerpts that use a client or a mock made in an earlier snippet: each is compiled as its own
 * module with the names below declared for it when it uses them without declaring them (and the packages' exports
 * imported when it uses them without importing them), so an excerpt is checked against the real API without
 * repeating its setup. Any other name an excerpt leaves undefined (a value the reader supplies, such as `quota_id`)
 * is declared `any` in a second pass: what is checked is every call into the packages. A runnable snippet gets
 * nothing added.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'api' ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}
const docs = [
  resolve(root, 'README.md'),
  resolve(root, 'packages/sdk/README.md'),
  resolve(root, 'mock-server/README.md'),
  ...markdownFiles(resolve(root, 'docs')),
];

interface Snippet {
  name: string;
  code: string;
  runnable: boolean;
}

const snippets: Snippet[] = docs.flatMap((path) => {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^```ts( runnable)?\n([\s\S]*?)^```$/gm)].map((m) => ({
    name: `${relative(root, path)}:${text.slice(0, m.index).split('\n').length}`,
    code: m[2]!,
    runnable: Boolean(m[1]),
  }));
});

/** Names an excerpt may use without declaring them, as the guides' earlier snippets set them up. */
const context: Record<string, string> = {
  client: "import('@partner-center/sdk').PartnerClient<'cn'>",
  mock: "import('@partner-center/mock').Mock",
  control: "import('@partner-center/mock').MockControlClient",
  server: "import('@partner-center/mock').RunningServer",
  credentials: "import('@partner-center/sdk').Credentials",
  customer_id: 'string',
  domain_id: 'string',
  e: 'unknown',
  metrics: '{ timing(name: string, ms: number): void }',
  user: 'string',
  password: 'string',
  domain: 'string',
};
/** Exports an excerpt may use without importing them. */
const exportsOf: Record<string, string[]> = {
  '@partner-center/sdk': [
    'createPartnerClient',
    'PartnerCenterError',
    'RequestValidationError',
    'NetworkError',
    'SdkError',
    'isPartnerCenterError',
    'iamPasswordToken',
    'Credentials',
  ],
  '@partner-center/mock': ['createMock', 'createControlClient', 'scenario', 'demoPartners'],
  'msw/node': ['setupServer'],
  vitest: ['it', 'expect', 'beforeEach', 'afterAll', 'describe'],
};

/** Top-level names a snippet declares or imports. */
function declared(code: string): Set<string> {
  const sf = ts.createSourceFile('s.ts', code, ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node)) bind(node.name);
    else if (ts.isFunctionDeclaration(node) && node.name) names.add(node.name.text);
    else if (ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node))
      if (node.name) names.add(node.name.text);
    if (ts.isCatchClause(node) && node.variableDeclaration) bind(node.variableDeclaration.name);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

function withContext(code: string, free: string[] = []): string {
  const have = declared(code);
  const uses = (name: string) => new RegExp(`(?<![\\w.'"])${name}\\b`).test(code) && !have.has(name);
  const lines: string[] = [];
  for (const [from, names] of Object.entries(exportsOf)) {
    const wanted = names.filter(uses);
    if (wanted.length) lines.push(`import { ${wanted.join(', ')} } from '${from}';`);
  }
  for (const [name, type] of Object.entries(context)) if (uses(name)) lines.push(`declare const ${name}: ${type};`);
  for (const name of free) lines.push(`declare const ${name}: any;`);
  return `${lines.join('\n')}\n${code}\nexport {};\n`;
}

describe('documentation snippets', () => {
  it('finds the snippets, and the README has runnable ones', () => {
    expect(snippets.length).toBeGreaterThan(20);
    expect(snippets.filter((s) => s.runnable && s.name.startsWith('README.md')).length).toBeGreaterThan(0);
  });

  it('compile against the packages (strict)', () => {
    const config = ts.readConfigFile(resolve(root, 'tsconfig.base.json'), ts.sys.readFile).config;
    const { options } = ts.parseJsonConfigFileContent(
      { ...config, compilerOptions: { ...config.compilerOptions, types: ['node'], noEmit: true } },
      ts.sys,
      root,
    );
    const paths = snippets.map((_, i) => resolve(root, `test/docs/__snippet${i}__.ts`));
    const compile = (texts: string[]) => {
      const files = new Map(paths.map((p, i) => [p, texts[i]!]));
      const host = ts.createCompilerHost(options);
      const { getSourceFile, fileExists, readFile } = host;
      host.getSourceFile = (name, lang, ...rest) => {
        const text = files.get(name);
        return text === undefined ? getSourceFile(name, lang, ...rest) : ts.createSourceFile(name, text, lang, true);
      };
      host.fileExists = (name) => files.has(name) || fileExists(name);
      host.readFile = (name) => files.get(name) ?? readFile(name);
      const program = ts.createProgram(paths, options, host);
      // Only the snippets' own diagnostics: the packages are typechecked by \`pnpm typecheck\`.
      return paths.map((p) => ts.getPreEmitDiagnostics(program, program.getSourceFile(p)));
    };
    const first = compile(snippets.map((s) => (s.runnable ? `${s.code}\nexport {};\n` : withContext(s.code))));
    // Names the excerpt leaves to the reader (cannot find name, shorthand property without a value).
    const free = first.map((ds, i) =>
      snippets[i]!.runnable
        ? []
        : [
            ...new Set(
              ds
                .filter((d) => [2304, 2552, 18004].includes(d.code))
                .map((d) => d.file!.text.slice(d.start!, d.start! + d.length!)),
            ),
          ],
    );
    const second = compile(
      snippets.map((s, i) => (s.runnable ? `${s.code}\nexport {};\n` : withContext(s.code, free[i]))),
    );
    const problems = second.flatMap((ds, i) =>
      ds.map((d) => `${snippets[i]!.name}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`),
    );
    expect(problems).toEqual([]);
  }, 300_000);

  const runnable = snippets.filter((s) => s.runnable);
  it.each(runnable.map((s) => [s.name, s] as const))(
    '%s runs as pasted against the mock',
    (_name, s) => {
      const dir = resolve(root, '.tmp/snippets');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${s.name.replace(/[^\w]+/g, '-')}.ts`);
      writeFileSync(file, s.code);
      const r = spawnSync(
        process.execPath,
        [resolve(root, 'node_modules/tsx/dist/cli.mjs'), '--conditions=partner-center:source', file],
        { cwd: root, encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      // A snippet that prints says what it should print in a trailing comment: `console.log(x); // value`.
      const promised = [...s.code.matchAll(/console\.log\(.*\);\s*\/\/\s*(.+)$/gm)].map((m) => m[1]!.trim());
      expect(r.stdout.trim().split('\n').slice(-promised.length)).toEqual(promised);
    },
    120_000,
  );
});
