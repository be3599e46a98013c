#!/usr/bin/env node
/** `partner-center-mock`: the standalone mock server, for tests in any language. */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SPEC_REVISION } from '@partner-center/sdk';
import { startNodeServer } from './adapters/node-http.js';
import { runParityCli } from './adapters/parity-cli.js';
import { scenarioSpec, type ScenarioSpec } from './app/scenarios/builder.js';
import type { Partner, PartnerRole, Site } from './kernel/parties.js';
import { createEngine, type Engine } from './engine.js';

const HELP = `partner-center-mock: a stateful mock of the Huawei Cloud Partner Center API

Usage: partner-center-mock [options]
       partner-center-mock parity <recording.ndjson> [options]   (replay a recording; parity --help)

Options (each also settable by environment variable):
  --host <addr>           address to listen on (PARTNER_CENTER_MOCK_HOST, default 127.0.0.1)
  --port <n>              port, 0 for any free one (PARTNER_CENTER_MOCK_PORT, default 4010)
  --partners <json|@file> the default tenant's partners instead of the demo ones (PARTNER_CENTER_MOCK_PARTNERS):
                          a JSON array of {role, site, access_key, secret_key[, partner_id, name, parent_partner_id,
                          iam_user, iam_password, iam_domain]}
  --scenario <name|file>  seed the default tenant on a fresh start (PARTNER_CENTER_MOCK_SCENARIO): a built-in name
                          (customers, distributor) or a JSON file {"steps": [...]}
  --state <file>          persist state in <file> and <file>.journal; every acknowledged change survives a crash
                          and a restart (PARTNER_CENTER_MOCK_STATE)
  --seed <n>              seed of ids and codes (PARTNER_CENTER_MOCK_SEED)
  --validate-responses    check every answer against the spec; a drift answers 500 MOCK.SPEC_DRIFT and is logged
                          (PARTNER_CENTER_MOCK_VALIDATE=1)
  --quiet                 print only the listening line
  -h, --help              this text

Real API paths are served as on bss.myhuaweicloud.com / bss-intl.myhuaweicloud.com (AK/SK SDK-HMAC-SHA256 or
X-Auth-Token); IAM tokens at POST /v3/auth/tokens. The control surface lives under /_mock/ (spec/mock-control.yaml):
GET /_mock/health answers 200 once the mock is ready; POST /_mock/tenants creates an isolated tenant with its own
credentials (send X-Mock-Tenant: <id> on control calls); POST /_mock/reset, /_mock/scenarios, /_mock/faults,
GET /_mock/requests (live: GET /_mock/requests/stream, server-sent events). The web console is at /_mock/console/.
SIGTERM or SIGINT: finish requests in flight, snapshot the state file, exit 0.`;

function fail(message: string): never {
  console.error(`partner-center-mock: ${message}`);
  process.exit(2);
}

// The parity subcommand replays a recording and exits; everything below starts the server.
if (process.argv[2] === 'parity') process.exit(await runParityCli(process.argv.slice(3)));

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    partners: { type: 'string' },
    scenario: { type: 'string' },
    state: { type: 'string' },
    seed: { type: 'string' },
    'validate-responses': { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const env = process.env;
const host = values.host ?? env.PARTNER_CENTER_MOCK_HOST ?? '127.0.0.1';
const portText = values.port ?? env.PARTNER_CENTER_MOCK_PORT ?? '4010';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`invalid port ${portText}`);
const seedText = values.seed ?? env.PARTNER_CENTER_MOCK_SEED;
if (seedText !== undefined && !/^\d+$/.test(seedText)) fail(`invalid seed ${seedText}`);

const readJsonArg = (arg: string, what: string): unknown => {
  const text = arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg;
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`${what}: ${(e as Error).message}`);
  }
};

function parsePartners(arg: string): Partner[] {
  const list = readJsonArg(arg, '--partners');
  if (!Array.isArray(list) || list.length === 0) fail('--partners must be a non-empty JSON array');
  return list.map((raw: Record<string, unknown>, i): Partner => {
    const s = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? (raw[k] as string) : undefined);
    const role = s('role') as PartnerRole | undefined;
    const site = (s('site') ?? 'cn') as Site;
    if (!role || !['solution_provider', 'distributor', 'reseller'].includes(role))
      fail(`--partners[${i}]: role must be solution_provider, distributor or reseller`);
    if (!['cn', 'intl'].includes(site)) fail(`--partners[${i}]: site must be cn or intl`);
    const ak = s('access_key') ?? fail(`--partners[${i}]: access_key is required`);
    const sk = s('secret_key') ?? fail(`--partners[${i}]: secret_key is required`);
    const parent = s('parent_partner_id');
    return {
      id: s('partner_id') ?? `${(i + 1).toString(16).padStart(2, '0')}${'0'.repeat(30)}`,
      name: s('name') ?? `Partner ${i + 1}`,
      role,
      site,
      ...(parent ? { parentId: parent } : {}),
      accessKey: ak,
      secretKey: sk,
      iamUser: s('iam_user') ?? `partner${i + 1}-admin`,
      iamPassword: s('iam_password') ?? `Partner${i + 1}-Pass1`,
      iamDomain: s('iam_domain') ?? `partner${i + 1}-domain`,
    };
  });
}

function parseScenario(arg: string): ScenarioSpec {
  const input = existsSync(arg)
    ? (readJsonArg(`@${arg}`, '--scenario') as { name?: string; steps?: ScenarioSpec['steps'] })
    : { name: arg };
  const spec = scenarioSpec(input);
  if (!spec.ok) fail(`--scenario: ${spec.error.message}`);
  return spec.value;
}

const partnersArg = values.partners ?? env.PARTNER_CENTER_MOCK_PARTNERS;
const scenarioArg = values.scenario ?? env.PARTNER_CENTER_MOCK_SCENARIO;
const stateFile = values.state ?? env.PARTNER_CENTER_MOCK_STATE;
const validate = values['validate-responses'] ?? ['1', 'true', 'yes'].includes(env.PARTNER_CENTER_MOCK_VALIDATE ?? '');

let engine: Engine;
try {
  engine = createEngine({
    ...(partnersArg ? { partners: parsePartners(partnersArg) } : {}),
    ...(seedText !== undefined ? { settings: { seed: Number(seedText) } } : {}),
    ...(scenarioArg ? { scenario: parseScenario(scenarioArg) } : {}),
    ...(stateFile ? { stateFile } : {}),
    validateResponses: validate,
  });
} catch (e) {
  fail((e as Error).message);
}

const server = await startNodeServer(engine, { host, port: Number(port) }).catch((e: Error) =>
  fail(`cannot listen on ${host}:${port}: ${e.message}`),
);
const log = values.quiet ? () => {} : (line: string) => console.log(line);
log(
  `partner-center-mock ${SPEC_REVISION}${validate ? ', validating responses' : ''}${stateFile ? `, state ${stateFile}` : ''}`,
);
if (engine.restored)
  log(
    `state: ${engine.restored.snapshot ? 'snapshot loaded' : 'no snapshot'}, ${engine.restored.replayed} journaled commands replayed${engine.restored.tornTail ? ', a torn last line ignored' : ''}`,
  );
log('default tenant partners:');
for (const p of engine.world.partners.values()) {
  log(
    `  ${p.site.padEnd(4)} ${p.role.padEnd(17)} ${p.id} ${p.name}: AK=${p.accessKey} SK=${p.secretKey} (IAM ${p.iamDomain}/${p.iamUser} ${p.iamPassword})`,
  );
}
log(`health: ${server.url}/_mock/health`);
log(`console: ${server.url}/_mock/console/`);
// The line scripts wait for; always printed.
console.log(`partner-center mock listening on ${server.url}`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) {
    console.log(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  log(`${signal}: finishing requests in flight`);
  const timer = setTimeout(() => {
    engine.close();
    process.exit(0);
  }, 5_000);
  timer.unref();
  server.close().then(
    () => {
      engine.close();
      log('stopped');
      process.exit(0);
    },
    (e: Error) => {
      engine.close();
      console.error(`close: ${e.message}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
