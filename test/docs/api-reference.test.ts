/**
 * The API reference (`pnpm docs:build`, typedoc.json) is complete: every public export of `@partner-center/sdk` and
 * `@partner-center/mock`, and every property, method and constructor of the exported interfaces and classes, has a
 * doc comment; links resolve; no unknown tags. TypeDoc runs with `--emit none` (conversion and validation only) and
 * `--skipErrorChecking` (type errors are `pnpm typecheck`'s job), which keeps it to a few seconds.
 * The fixture run proves the check bites: an undocumented export and an undocumented property fail it.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const typedocBin = fileURLToPath(new URL('../../node_modules/typedoc/bin/typedoc', import.meta.url));

async function typedoc(options: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'node',
      [typedocBin, '--options', options, '--emit', 'none', '--skipErrorChecking'],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        timeout: 90_000,
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

const plain = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

describe.concurrent('API reference (typedoc)', () => {
  it('documents every public export of the SDK and the mock, with no warning', async () => {
    const { code, output } = await typedoc('typedoc.json');
    const problems = plain(output)
      .split('\n')
      .filter((l) => /\[(warning|error)\]/.test(l));
    expect(problems).toEqual([]);
    expect(code).toBe(0);
  }, 90_000);

  it('fails on an undocumented export or property', async () => {
    const { code, output } = await typedoc('test/docs/fixtures/typedoc.json');
    const text = plain(output);
    expect(code).not.toBe(0);
    expect(text).toMatch(/undocumented \(CallSignature\).*does not have any documentation/);
    expect(text).toMatch(/Options\.silent \(Property\).*does not have any documentation/);
    expect(text).not.toMatch(/\] documented \(/);
    expect(text).not.toContain('Options.described');
  }, 60_000);
});
