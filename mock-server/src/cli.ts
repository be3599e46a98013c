#!/usr/bin/env node
/** `partner-center-mock`: the standalone mock server. */
import { parseArgs } from 'node:util';
import { createEngine } from './engine.js';
import { startNodeServer } from './adapters/node-http.js';

const HELP = `partner-center-mock: a stateful mock of the Huawei Cloud Partner Center API

Usage: partner-center-mock [--host 127.0.0.1] [--port 4010]

Options:
  --host <addr>   address to listen on (env PARTNER_CENTER_MOCK_HOST, default 127.0.0.1)
  --port <n>      port, 0 for any free one (env PARTNER_CENTER_MOCK_PORT, default 4010)
  -h, --help      this text

Real API paths are served as on bss.myhuaweicloud.com (AK/SK or X-Auth-Token); IAM tokens at POST /v3/auth/tokens;
the mock's control surface under /_mock/ (health, reset, clock, verification-codes, partners).`;

const { values } = parseArgs({
  options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const host = values.host ?? process.env.PARTNER_CENTER_MOCK_HOST ?? '127.0.0.1';
const port = Number(values.port ?? process.env.PARTNER_CENTER_MOCK_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port ${values.port ?? process.env.PARTNER_CENTER_MOCK_PORT}`);
  process.exit(2);
}

const engine = createEngine();
const server = await startNodeServer(engine, { host, port });
console.log(`partner-center mock listening on ${server.url}`);
for (const p of engine.world.partners.values()) {
  console.log(`  ${p.site.padEnd(4)} ${p.role.padEnd(17)} ${p.name}: AK=${p.accessKey} SK=${p.secretKey} (IAM ${p.iamDomain}/${p.iamUser} ${p.iamPassword})`);
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
