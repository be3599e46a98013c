/**
 * Both packages as an ISV gets them: `pnpm pack` (after `pnpm build`, which `pnpm test` runs first), the tarballs
 * installed with plain npm into throwaway projects outside the workspace, each typechecked with the workspace's
 * TypeScript and run against the mock:
 *
 * - ESM, NodeNext, strict with `exactOptionalPropertyTypes`; exports `client.raw` (declaration emit must name its
 *   type, TS2742 otherwise); the SDK over MSW 2 (`setupServer(...mock.handlers)`);
 * - `moduleResolution: bundler`; the SDK over `mock.fetch` (no MSW);
 * - CommonJS (`require`, the `.d.cts` types): the mock's CJS build, which once crashed on `createMock()`;
 * - plain JavaScript (checked with `checkJs`), ESM;
 * - msw 3 (a peer the application chooses): typechecked under Node 20's TypeScript and run with Node 22
 *   (`npx -p node@22`; msw 3 needs Node ≥ 22.12).
 *
 * One npm cache is kept across runs (`$TMPDIR/partner-center-npm-cache`) and npm prefers it, so a warm run makes no
 * registry round trip for packages it already has. The first four projects share one install (one node_modules
 * in their parent folder); the msw 3 project has its own, since a peer resolves from where the mock is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
const cache = join(tmpdir(), 'partner-center-npm-cache');
const MSW2 = '2.15.0';
const MSW3 = '3.0.5';
const TYPES_NODE = '20.19.43';

let dir: string;
let tarballs: string[] = [];

function run(cmd: string, args: string[], cwd: string, timeout = 240_000): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function npmInstall(cwd: string, specs: string[]): void {
  run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', `--cache=${cache}`, ...specs],
    cwd,
  );
}

function write(project: string, files: Record<string, string>): string {
  const d = join(dir, project);
  mkdirSync(d, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const tsconfig = (compilerOptions: Record<string, unknown>) =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023', 'DOM'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      // msw's own declarations do not compile as CommonJS (TS1479 on its ESM-only dependencies): not ours to check.
      skipLibCheck: true,
      outDir: 'out',
      ...compilerOptions,
    },
    include: ['*.ts', '*.js'],
  });

/** What every consumer does, in its own module syntax: a signed call answered by the mock, and a typed failure. */
const body = (fetchOption: string) => `
const sp = demoPartners().find((p) => p.role === 'solution_provider');
if (!sp) throw new Error('no demo solution provider');
const client = cnClient({
  credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey },
  baseUrl: process.env.PC_NO_SUCH_VARIABLE,${fetchOption}
});
const check = await client.checkUserIdentity({ search_type: 'name', search_value: 'acme-consumer-01' });
let code = 'none';
try {
  await client.updateCustomerAccountAmount({ customer_id: 'ffffffffffffffffffffffffffffffff', amount: 100 });
} catch (e) {
  if (isPartnerCenterError(e, 'updateCustomerAccountAmount')) {
    switch (e.code) {
      case 'CBC.99000035':
      case 'UNDOCUMENTED':
        code = e.code;
        break;
      default:
        code = 'other ' + e.code;
    }
  } else if (e instanceof PartnerCenterError) code = 'unlisted ' + e.code;
  else throw e;
}
console.log(JSON.stringify({ check: check.check_result, code }));
`;

const esmImports = `import { isPartnerCenterError, PartnerCenterError } from '@partner-center/sdk';
import { createPartnerClient as cnClient } from '@partner-center/sdk/cn';
import { createMock, demoPartners } from '@partner-center/mock';
`;

beforeAll(() => {
  for (const pkg of ['packages/sdk', 'mock-server'])
    if (!existsSync(resolve(root, pkg, 'dist/index.cjs'))) throw new Error(`${pkg} is not built: run pnpm build`);
  dir = mkdtempSync(join(tmpdir(), 'pc-consumers-'));
  const packed = join(dir, 'packed');
  mkdirSync(packed);
  for (const pkg of ['packages/sdk', 'mock-server'])
    execFileSync('pnpm', ['pack', '--pack-destination', packed], { cwd: resolve(root, pkg), stdio: 'ignore' });
  tarballs = readdirSync(packed).map((f) => join(packed, f));
  expect(tarballs).toHaveLength(2);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumers', private: true }));
  npmInstall(dir, [...tarballs, `msw@${MSW2}`, `@types/node@${TYPES_NODE}`]);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const expected = { check: 'available', code: 'CBC.99000035' };
const lastLine = (out: string) => JSON.parse(out.trim().split('\n').pop()!) as unknown;

describe('the packed packages in consumer projects', { timeout: 300_000 }, () => {
  it('ESM NodeNext, strict with exactOptionalPropertyTypes: typechecks, names client.raw, runs over msw 2', () => {
    const d = write('esm-nodenext', {
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': tsconfig({
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        exactOptionalPropertyTypes: true,
        declaration: true,
      }),
      'index.ts': `${esmImports}import { createPartnerClient } from '@partner-center/sdk';
import { setupServer } from 'msw/node';
const mock = createMock();
const server = setupServer(...mock.handlers);
server.listen({ onUnhandledRequest: 'error' });
${body('')}
/** Exported, so its type must be nameable in index.d.ts (the main entry's client has \`raw\`). */
export const raw = createPartnerClient({ credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey } }).raw;
server.close();
`,
    });
    run(process.execPath, [tsc, '-p', '.'], d);
    expect(existsSync(join(d, 'out/index.d.ts'))).toBe(true);
    expect(lastLine(run(process.execPath, ['out/index.js'], d))).toEqual(expected);
  });

  it('moduleResolution bundler: typechecks and runs over mock.fetch (no MSW)', () => {
    const d = write('bundler', {
      'package.json': JSON.stringify({ type: 'module' }),
      // This one imports no msw, so every declaration file it reads (ours, zod's, openapi-fetch's) is checked.
      'tsconfig.json': tsconfig({
        module: 'ESNext',
        moduleResolution: 'bundler',
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
      }),
      'index.ts': `${esmImports}const mock = createMock();\n${body('\n  fetch: mock.fetch,')}`,
    });
    run(process.execPath, [tsc, '-p', '.'], d);
    expect(lastLine(run(process.execPath, ['out/index.js'], d))).toEqual(expected);
  });

  it('CommonJS: require() of both packages typechecks against .d.cts and runs (the mock CJS build included)', () => {
    const d = write('cjs', {
      'package.json': JSON.stringify({ type: 'commonjs' }),
      'tsconfig.json': tsconfig({ module: 'Node16', moduleResolution: 'Node16' }),
      'index.ts': `import sdk = require('@partner-center/sdk');
import cn = require('@partner-center/sdk/cn');
import mockPkg = require('@partner-center/mock');
import mswNode = require('msw/node');
const { isPartnerCenterError, PartnerCenterError } = sdk;
const { createMock, demoPartners } = mockPkg;
const cnClient = cn.createPartnerClient;
async function main() {
  const mock = createMock();
  const server = mswNode.setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  ${body('').replace(/\n/g, '\n  ')}
  server.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
`,
    });
    run(process.execPath, [tsc, '-p', '.'], d);
    const out = run(process.execPath, ['out/index.js'], d);
    expect(lastLine(out)).toEqual(expected);
    // It really ran the CommonJS builds.
    const resolved = run(
      process.execPath,
      ['-p', "require.resolve('@partner-center/mock') + ' ' + require.resolve('@partner-center/sdk/cn')"],
      d,
    );
    expect(resolved).toMatch(/mock[\\/]dist[\\/]index\.cjs .*sdk[\\/]dist[\\/]cn\.cjs/);
  });

  it('plain JavaScript (ESM, checked with checkJs): runs as written', () => {
    const d = write('plain-js', {
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': tsconfig({
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        allowJs: true,
        checkJs: true,
        noEmit: true,
      }),
      'index.js': `// @ts-check\n${esmImports}import { setupServer } from 'msw/node';
const mock = createMock();
const server = setupServer(...mock.handlers);
server.listen({ onUnhandledRequest: 'error' });
${body('')}
server.close();
`,
    });
    run(process.execPath, [tsc, '-p', '.'], d);
    expect(lastLine(run(process.execPath, ['index.js'], d))).toEqual(expected);
  });

  it('msw 3 as the application’s msw: one copy, setupServer(...mock.handlers) typechecks, and it runs on Node 22', () => {
    const d = write('msw3', {
      'package.json': JSON.stringify({ name: 'msw3-consumer', private: true, type: 'module' }),
      'tsconfig.json': tsconfig({ module: 'NodeNext', moduleResolution: 'NodeNext', exactOptionalPropertyTypes: true }),
      'index.ts': `${esmImports}import { setupServer } from 'msw/node';
const mock = createMock();
const server = setupServer(...mock.handlers);
server.listen(); // msw 3 has no onUnhandledRequest
${body('')}
server.close();
`,
    });
    npmInstall(d, [...tarballs, `msw@${MSW3}`, `@types/node@${TYPES_NODE}`]);
    // The peer is satisfied by the application's msw: no second copy under the mock.
    expect(existsSync(join(d, 'node_modules/@partner-center/mock/node_modules/msw'))).toBe(false);
    expect(run(process.execPath, ['-p', "require('msw/package.json').version"], d).trim()).toBe(MSW3);
    run(process.execPath, [tsc, '-p', '.'], d);
    const out = run('npx', ['-y', '-p', 'node@22', 'node', 'out/index.js'], d);
    expect(lastLine(out)).toEqual(expected);
  });
});
