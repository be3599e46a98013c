/** A small closed-loop load generator: `concurrency` keep-alive connections sending one fixed request repeatedly. */
import { Agent, request } from 'node:http';

export interface FixedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** Sends `total` requests (after `warmup`), `concurrency` at a time; returns requests per second. */
export async function load(
  req: FixedRequest,
  options: { total: number; warmup: number; concurrency: number },
): Promise<{ rps: number; p50Ms: number; p99Ms: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const url = new URL(req.url);
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const r = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: req.method,
          headers: { ...req.headers, 'Content-Length': Buffer.byteLength(req.body) },
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - t0 : -1));
        },
      );
      r.on('error', reject);
      r.end(req.body);
    });
  const runN = async (n: number, latencies?: number[]) => {
    let next = 0;
    let errors = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < n) {
          next++;
          const ms = await one();
          if (ms < 0) errors++;
          else latencies?.push(ms);
        }
      }),
    );
    return errors;
  };
  await runN(options.warmup);
  const latencies: number[] = [];
  const t0 = performance.now();
  const errors = await runN(options.total, latencies);
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: options.total / seconds,
    p50Ms: latencies[Math.floor(latencies.length / 2)] ?? NaN,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? NaN,
    errors,
  };
}
