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
  --admin-token <t>       require a token on /_mock/ (PARTNER_CENTER_MOCK_ADMIN_TOKEN): this one reaches every tenant,
                          the control_token each created tenant gets reaches that tenant only; send it as
                          Authorization: Bearer <t> (or X-Mock-Token). /_mock/health stays open
  --allowed-hosts <a,b>   Host names served besides localhost, IP addresses and --host, when no admin token is set
                          (DNS rebinding protection; PARTNER_CENTER_MOCK_ALLOWED_HOSTS)
  --max-body-bytes <n>    largest request body (PARTNER_CENTER_MOCK_MAX_BODY_BYTES, default 1048576); bigger: 413
  --journal-bytes <n>     request journal kept per tenant, in bytes (PARTNER_CENTER_MOCK_JOURNAL_BYTES, default
                          4194304); bodies over 4 KB are kept as their size and SHA-256
  --journal-total-bytes <n> request journals of all tenants together (PARTNER_CENTER_MOCK_JOURNAL_TOTAL_BYTES,
                          default 67108864)
  --quiet                 print only the listening line
  -h, --help              this text

Real API paths are served as on bss.myhuaweicloud.com / bss-intl.myhuaweicloud.com (AK/SK SDK-HMAC-SHA256 or
X-Auth-Token); IAM tokens at POST /v3/auth/tokens. The control surface lives under /_mock/ (spec/mock-control.yaml):
GET /_mock/health answers 200 once the mock is ready; POST /_mock/tenants creates an isolated tenant with its own
credentials (send X-Mock-Tenant: <id> on control calls); POST /_mock/reset, /_mock/scenarios, /_mock/faults,
GET /_mock/requests (live: GET /_mock/requests/stream, server-sent events). The web console is at /_mock/console/.
SIGTERM or SIGINT: finish requests in flight, snapshot the state file, exit 0; started by pnpm or npx, it also stops
when that runner is killed.`;

/** Whether a listen address is loopback only (what a browser on another machine cannot reach). */
function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\./.test(address);
}

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
    'admin-token': { type: 'string' },
    'allowed-hosts': { type: 'string' },
    'max-body-bytes': { type: 'string' },
    'journal-bytes': { type: 'string' },
    'journal-total-bytes': { type: 'string' },
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

/** A positive byte count from a flag or its environment variable. */
const bytesArg = (flag: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) fail(`invalid ${flag} ${text}`);
  return Number(text);
};
const adminToken = values['admin-token'] ?? env.PARTNER_CENTER_MOCK_ADMIN_TOKEN;
if (adminToken !== undefined && adminToken.length < 16) fail('--admin-token must have at least 16 characters');
const allowedHosts = (values['allowed-hosts'] ?? env.PARTNER_CENTER_MOCK_ALLOWED_HOSTS ?? '')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean);
const maxBodyBytes = bytesArg('--max-body-bytes', values['max-body-bytes'] ?? env.PARTNER_CENTER_MOCK_MAX_BODY_BYTES);
const journalBytes = bytesArg('--journal-bytes', values['journal-bytes'] ?? env.PARTNER_CENTER_MOCK_JOURNAL_BYTES);
const journalTotalBytes = bytesArg(
  '--journal-total-bytes',
  values['journal-total-bytes'] ?? env.PARTNER_CENTER_MOCK_JOURNAL_TOTAL_BYTES,
);

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
    ...(adminToken ? { adminToken } : {}),
    ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
    ...(journalBytes !== undefined ? { requestLogBytes: journalBytes } : {}),
    ...(journalTotalBytes !== undefined ? { requestLogTotalBytes: journalTotalBytes } : {}),
    validateResponses: validate,
  });
} catch (e) {
  fail((e as Error).message);
}

const server = await startNodeServer(engine, {
  host,
  port: Number(port),
  ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
  allowedHosts: adminToken ? 'any' : allowedHosts,
}).catch((e: Error) => fail(`cannot listen on ${host}:${port}: ${e.message}`));
const log = values.quiet ? () => {} : (line: string) => console.log(line);
log(
  `partner-center-mock ${SPEC_REVISION}${validate ? ', validating responses' : ''}${stateFile ? `, state ${stateFile}` : ''}`,
);
if (engine.restored)
  log(
    `state: ${engine.restored.snapshot ? 'snapshot loaded' : 'no snapshot'}, ${engine.restored.replayed} journaled commands replayed${engine.restored.tornTail ? ', a torn last line ignored' : ''}`,
  );
// The demo partners' keys are published in the source; keys given by --partners are secrets and never printed.
const demo = partnersArg === undefined;
log('default tenant partners:');
for (const p of engine.world.partners.values()) {
  log(
    demo
      ? `  ${p.site.padEnd(4)} ${p.role.padEnd(17)} ${p.id} ${p.name}: AK=${p.accessKey} SK=${p.secretKey} (IAM ${p.iamDomain}/${p.iamUser} ${p.iamPassword})`
      : `  ${p.site.padEnd(4)} ${p.role.padEnd(17)} ${p.id} ${p.name}: AK=${p.accessKey} (SK and IAM password as given)`,
  );
}
if (!adminToken && !isLoopback(host))
  console.error(
    `partner-center-mock: warning: listening on ${host}, beyond loopback, without an admin token: anyone who can reach this port can read every tenant's credentials and reset or delete tenants. Set --admin-token (PARTNER_CENTER_MOCK_ADMIN_TOKEN).`,
  );
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

// Started by a package runner (`pnpm mock`, `npx partner-center-mock`), the PID a shell gives is the runner's, and a
// killed runner does not pass the signal on through its shell: the mock would keep listening. So when the process
// that started it goes away, it stops as on SIGTERM. Started directly (`node …/cli.js &`) it outlives its shell.
if (env.npm_lifecycle_event !== undefined || env.npm_command !== undefined) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && !stopping) stop(`its runner (process ${parent}) exited`);
  }, 250).unref();
}
