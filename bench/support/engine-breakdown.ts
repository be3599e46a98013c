/**
 * Where the mock's time goes on the standalone bench's request, in-process (no HTTP): a signed ListSubCustomers
 * (limit 10) for a partner with 100 customers through `engine.serve`, the same with an IAM token instead of a
 * signature, and the parts on their own (body validation, the customers domain, the answer's JSON). Best of five
 * rounds of each, in µs per call.
 */
import { checkValue, computeSignature, formatSdkDate } from '@partner-center/sdk/internal';
import { createEngine, type RawRequest } from '@partner-center/mock';
import { listCustomers } from '../../mock-server/src/domain/customers/index.js';
import { toJson } from '../../mock-server/src/http/respond.js';
import { findRoute, type ApiRoute } from '../../mock-server/src/http/router.js';

export interface Breakdown {
  signedUs: number;
  tokenUs: number;
  validationUs: number;
  domainUs: number;
  jsonUs: number;
  stringifyUs: number;
}

/** µs per call of `fn`, the best of five rounds of `n` calls. */
function timed(fn: () => unknown, n = 50_000): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, ((performance.now() - t0) / n) * 1000);
  }
  return best;
}

const lookup = (h: Record<string, string>): RawRequest['headers'] => ({
  get: (k) => h[k.toLowerCase()] ?? null,
  has: (k) => h[k.toLowerCase()] !== undefined,
});

export async function engineBreakdown(): Promise<Breakdown> {
  const engine = createEngine({ scenario: { steps: [{ customers: { count: 100 } }] } });
  const world = engine.world;
  const sp = [...world.partners.values()].find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
  const url = 'http://127.0.0.1:4010/v2/partners/sub-customers/query';
  const text = '{"limit":10}';
  const body = Buffer.from(text);
  const date = formatSdkDate(new Date());
  const sig = await computeSignature(
    {
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': date, Host: '127.0.0.1:4010' },
      body: text,
    },
    sp.accessKey,
    sp.secretKey,
    ['host', 'x-sdk-date'],
  );
  const signed: RawRequest = {
    method: 'POST',
    url,
    headers: lookup({
      'content-type': 'application/json',
      'x-sdk-date': date,
      host: '127.0.0.1:4010',
      authorization: sig.authorization,
    }),
    body,
  };
  const signIn = {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: sp.iamUser, password: sp.iamPassword, domain: { name: sp.iamDomain } } },
      },
    },
  };
  const iam = await engine.handleRaw({
    method: 'POST',
    url: 'https://iam.myhuaweicloud.com/v3/auth/tokens',
    headers: lookup({}),
    body: Buffer.from(JSON.stringify(signIn)),
  });
  const withToken: RawRequest = {
    method: 'POST',
    url,
    headers: lookup({ 'content-type': 'application/json', 'x-auth-token': iam.headers['X-Subject-Token']! }),
    body,
  };
  for (const req of [signed, withToken]) {
    const answer = await engine.handleRaw(req);
    if (answer.status !== 200) throw new Error(`engine answered ${answer.status}: ${answer.body}`);
  }
  const op = (findRoute('POST', '/v2/partners/sub-customers/query') as ApiRoute).cn!;
  const page = listCustomers(world, sp, { limit: 10 });
  if (!page.ok) throw new Error(page.error.message);
  return {
    signedUs: timed(() => engine.serve(signed)),
    tokenUs: timed(() => engine.serve(withToken)),
    validationUs: timed(() => checkValue(op.body!, JSON.parse(text))),
    domainUs: timed(() => listCustomers(world, sp, { limit: 10 })),
    jsonUs: timed(() => toJson(page.value)),
    stringifyUs: timed(() => JSON.stringify(page.value)),
  };
}
