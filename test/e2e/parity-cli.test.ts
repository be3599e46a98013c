/**
 * `partner-center-mock parity` as CI runs it: the subcommand of the CLI on the example recording, in-process (this
 * mock) and against a running standalone mock (`--against`, as for another version), with its exit status.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = ['--conditions=partner-center:source', '--import', 'tsx', 'mock-server/src/cli.ts'];
const EXAMPLE = 'examples/parity/recording.ndjson';

const run = (args: string[]) =>
  promisify(execFile)('node', [...CLI, 'parity', ...args], { cwd: root }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout + e.stderr }),
  );

let server: ChildProcess | undefined;
afterAll(() => server?.kill('SIGKILL'));

function startServer(): Promise<string> {
  server = spawn('node', [...CLI, '--port', '0', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start: ${out}`)), 30_000);
    server!.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
}

describe('partner-center-mock parity', () => {
  it('replays the example recording at 100 % in-process and exits 0', async () => {
    const { code, stdout } = await run([EXAMPLE]);
    expect(stdout).toContain('parity 100.0 %: 12 of 12 exchanges match');
    expect(code).toBe(0);
  });

  it('replays it against a running standalone mock, in a tenant of its own', async () => {
    const url = await startServer();
    const { code, stdout } = await run([EXAMPLE, '--against', url, '--format', 'markdown']);
    expect(stdout).toContain('## Parity 100.0 %');
    expect(stdout).toContain(`replay against ${url}`);
    expect(code).toBe(0);
    const tenants = (await (await fetch(`${url}/_mock/tenants`)).json()) as { tenants: unknown[] };
    expect(tenants.tenants).toHaveLength(1); // the replay's tenant is gone, the default remains
  });

  it('exits 2 with a message on a missing recording', async () => {
    const { code, stdout } = await run(['no-such-recording.ndjson']);
    expect(code).toBe(2);
    expect(stdout).toContain('partner-center-mock parity: recording:');
  });
});
