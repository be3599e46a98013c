/**
 * The standalone mock as a separate process, for tests that must see it as a CI job or a hostile client does: the
 * CLI spawned with its flags, its output captured, and raw HTTP requests whose path, Host header and body bytes are
 * sent exactly as written (fetch would normalise `..`, refuse to set Host and buffer the body).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** How the tests start the CLI from source (as `pnpm mock` does). */
export const CLI = ['--conditions=partner-center:source', '--import', 'tsx', 'mock-server/src/cli.ts'];

export interface MockProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything printed so far (stdout and stderr interleaved). */
  out(): string;
  /** stderr alone. */
  err(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Spawns `command args` and resolves once it prints its `listening on` line. */
export function spawnListening(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  options: { detached?: boolean } = {},
): Promise<MockProcess> {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.detached ? { detached: true } : {}),
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d;
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start:\n${out}`)), 60_000);
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      const url = m[1]!;
      resolve({
        child,
        url,
        port: Number(new URL(url).port),
        out: () => out,
        err: () => err,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the mock exited with ${code}:\n${out}`));
    });
  });
}

/** Starts the CLI from source with these flags on a free port. */
export const startMock = (args: string[], env: Record<string, string> = {}) =>
  spawnListening('node', [...CLI, '--port', '0', ...args], env);

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

/** One HTTP/1.1 request with the path, headers and body exactly as given. */
export function raw(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { connection: 'close', ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Whether something still accepts connections on the port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/_mock/health', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(true);
    });
    req.end();
  });
}

/** Polls until `check` holds (or fails after `tries` × 100 ms). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An IAM token for a partner's IAM user (the password method), over HTTP. */
export async function iamToken(port: number, p: { iam_user: string; iam_password: string; iam_domain: string }) {
  const r = await raw(port, 'POST', '/v3/auth/tokens', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: p.iam_user, password: p.iam_password, domain: { name: p.iam_domain } } },
        },
      },
    }),
  });
  const token = r.headers['x-subject-token'];
  if (r.status !== 201 || typeof token !== 'string') throw new Error(`IAM sign-in refused: ${r.status} ${r.text}`);
  return token;
}
