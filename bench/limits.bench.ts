/**
 * The standalone mock under abuse, as a shared CI service meets it: 1,000 requests with 8 MB bodies (refused 413
 * by the body limit), a tenant flooded with refused 512 KB bodies (journaled as size and hash), and 1,000 tenants
 * created, used and deleted. The server runs from source in its own process; its resident memory (VmRSS, read from
 * /proc every 50 ms) is what the table shows, with the health check after each phase.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const title = 'Mock server under abuse: body limit, journal bounds, tenant churn';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', fail);
    req.end(body);
  });
}

const rssOf = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
};

/** Runs `work` while sampling the server's RSS; returns the peak and the RSS at the end. */
async function sampled(pid: number, work: () => Promise<void>) {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 50);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const end = rssOf(pid);
  return { peak: Math.max(peak, end), end, seconds: (performance.now() - started) / 1000 };
}

/** Runs `count` jobs, `concurrency` at a time. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

function start(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    'node',
    ['--conditions=partner-center:source', '--import', 'tsx', 'mock-server/src/cli.ts', '--port', '0', '--quiet'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) done({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => fail(new Error(`mock exited ${code}: ${out}`)));
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

export async function run(): Promise<string> {
  const { child, port } = await start();
  const pid = child.pid!;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const healthy = async () => (await send(agent, port, 'GET', '/_mock/health', {})).status === 200;
  const iam = async (p: { iam_user: string; iam_password: string; iam_domain: string }) => {
    const r = await send(
      agent,
      port,
      'POST',
      '/v3/auth/tokens',
      JSON_HEADERS,
      JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: p.iam_user, password: p.iam_password, domain: { name: p.iam_domain } } },
          },
        },
      }),
    );
    return r.headers['x-subject-token'] as string;
  };
  const rows: string[] = [];
  try {
    await healthy();
    const idle = rssOf(pid);

    // 1. 1,000 requests with an 8 MB body each, four at a time.
    const eight = Buffer.alloc(8 * MB, 'a');
    const statuses = new Map<number, number>();
    const big = await sampled(pid, () =>
      pool(1_000, 4, async () => {
        const r = await send(agent, port, 'POST', '/v2/partners/sub-customers', JSON_HEADERS, eight);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }),
    );
    rows.push(
      `| 1,000 requests with an 8 MB body (8 GB sent) | ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')} | ${big.seconds.toFixed(1)} | ${mb(big.peak)} | ${mb(big.end)} | ${(await healthy()) ? 'yes' : 'no'} |`,
    );

    // 2. One tenant flooded with 2,000 refused 512 KB bodies (under the limit, so they reach the journal).
    const sp = (
      JSON.parse((await send(agent, port, 'GET', '/_mock/partners', {})).text) as {
        partners: { role: string; site: string; iam_user: string; iam_password: string; iam_domain: string }[];
      }
    ).partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
    const token = await iam(sp);
    const half = Buffer.from(JSON.stringify({ xaccount_id: 'x'.repeat(512 * 1024), xaccount_type: 'acme_IDP' }));
    const small = Buffer.from(JSON.stringify({ xaccount_id: 'x'.repeat(64 * 1024), xaccount_type: 'acme_IDP' }));
    let refused = 0;
    const flood = await sampled(pid, () =>
      pool(2_000, 4, async () => {
        const r = await send(
          agent,
          port,
          'POST',
          '/v2/partners/sub-customers',
          { ...JSON_HEADERS, 'x-auth-token': token },
          half,
        );
        if (r.status === 400) refused++;
      }),
    );
    const listing = await send(agent, port, 'GET', '/_mock/requests?limit=100', {});
    rows.push(
      `| 2,000 refused 512 KB bodies to one tenant (1 GB) | ${refused} × 400, journaled | ${flood.seconds.toFixed(1)} | ${mb(flood.peak)} | ${mb(flood.end)} | ${(await healthy()) ? 'yes' : 'no'} |`,
    );

    // 3. 1,000 tenants: created, signed in, 5 refused 64 KB bodies each, then deleted; twice.
    let churnPeak = 0;
    let live = 0;
    const churn = await sampled(pid, async () => {
      for (let round = 0; round < 2; round++) {
        const ids: string[] = [];
        await pool(1_000, 4, async (i) => {
          const created = JSON.parse(
            (await send(agent, port, 'POST', '/_mock/tenants', JSON_HEADERS, JSON.stringify({ name: `churn-${i}` })))
              .text,
          ) as { tenant_id: string; partners: (typeof sp & { role: string; site: string })[] };
          ids.push(created.tenant_id);
          const t = await iam(created.partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!);
          for (let k = 0; k < 5; k++)
            await send(
              agent,
              port,
              'POST',
              '/v2/partners/sub-customers',
              { ...JSON_HEADERS, 'x-auth-token': t },
              small,
            );
        });
        live = Math.max(live, rssOf(pid));
        await pool(ids.length, 4, async (i) => {
          await send(agent, port, 'DELETE', `/_mock/tenants?tenant_id=${ids[i]}`, {});
        });
        churnPeak = Math.max(churnPeak, rssOf(pid));
      }
    });
    const left = JSON.parse((await send(agent, port, 'GET', '/_mock/tenants', {})).text) as { tenants: unknown[] };
    rows.push(
      `| 1,000 tenants created, each signed in with 5 refused 64 KB bodies, then deleted; twice | ${left.tenants.length} tenant left (the default) | ${churn.seconds.toFixed(1)} | ${mb(churn.peak)} (${mb(live)} with 1,000 live) | ${mb(churn.end)} | ${(await healthy()) ? 'yes' : 'no'} |`,
    );

    return `One standalone mock (from source, defaults: 1 MiB body limit, 4 MiB journal per tenant, 64 MiB in all), driven over keep-alive HTTP by a client process on the same machine, four requests in flight. RSS is the server process's resident memory (${mb(idle)} idle after start), sampled every 50 ms.

| phase | answers | seconds | peak RSS | RSS after | answering after |
| ----- | ------- | ------: | -------: | --------: | --------------- |
${rows.join('\n')}

\`GET /_mock/requests?limit=100\` after the flood: ${listing.text.length.toLocaleString('en-US')} bytes (each refused body listed as \`{"truncated":true,"size":…,"sha256":"…"}\`). Before the limits (issue 13), 409 such 8 MB requests ended the process with \`FATAL ERROR: Reached heap limit\`, and 100 of them left 859 MB that deleting the tenant did not free.`;
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
  }
}
