/**
 * `pnpm start`: the main job. Starts the standalone mock with its demo partners, runs the quick-start example
 * against it over HTTP, then keeps the mock serving until Ctrl-C (or exits with `--exit`).
 */
import { createControlClient, createEngine, startNodeServer } from '@partner-center/mock';
import { quickStart } from '../examples/quick-start.js';

const port = Number(process.env.PARTNER_CENTER_MOCK_PORT ?? 4010);
const engine = createEngine();
const server = await startNodeServer(engine, { port });
console.log(`partner-center mock listening on ${server.url}`);
console.log(`web console: ${server.url}/_mock/console/\n`);
const control = createControlClient({ baseUrl: server.url });
const { partners } = await control.listPartners();
for (const p of partners)
  console.log(`  ${p.site.padEnd(4)} ${p.role.padEnd(17)} AK=${p.access_key} SK=${p.secret_key}`);

const demo = partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
console.log(`\nquick start as "${demo.name}":`);
await quickStart({
  baseUrl: server.url,
  accessKey: demo.access_key,
  secretKey: demo.secret_key,
  readCode: (mobile) => control.latestCode(mobile),
  wait: async (seconds) => void (await control.advanceClock({ seconds })),
  log: (line) => console.log(`  ${line}`),
});

if (process.argv.includes('--exit')) {
  await server.close();
} else {
  console.log(
    `\nthe mock keeps serving on ${server.url} (control surface under /_mock/, web console at ${server.url}/_mock/console/); Ctrl-C to stop`,
  );
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
