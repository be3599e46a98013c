/**
 * The SDK over real sockets (Node's fetch, undici), where failures have their real shapes: a refused connection is
 * recognised as never sent, a reset after sending is not; a slow answer is cut by the attempt's timeout; and the
 * apply-then-fail fault over HTTP is reconciled. Also the IAM token provider against the standalone mock.
 */
import { createServer } from 'node:net';
import {
  createPartnerClient,
  iamPasswordToken,
  NetworkError,
  PartnerCenterError,
  type Hooks,
  type PartnerClient,
} from '@partner-center/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpEnv, type TestEnv } from '../support/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await httpEnv();
});
afterAll(() => env?.close());
beforeEach(async () => {
  await env.control.reset();
  await env.control.setClock({ now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), frozen: true });
  await env.control.clearFaults();
});

/** A client of the solution provider over HTTP; waits between attempts are skipped. */
function sp(extra: { timeoutMs?: number; baseUrl?: string; hooks?: Hooks } = {}): PartnerClient<'cn'> {
  const p = env.partner({ role: 'solution_provider' });
  return createPartnerClient({
    baseUrl: env.baseUrl('cn'),
    credentials: { accessKey: p.accessKey, secretKey: p.secretKey },
    retry: { sleep: async () => {} },
    ...extra,
  });
}
const sent = async (operation: string) => (await env.control.listRequests({ operation, limit: 1000 })).total_count;
let n = 0;
const customer = async () => {
  const id = `${(n++).toString(36)}${Date.now().toString(36)}`;
  return (
    await sp().createSubCustomer({
      xaccount_id: `x-${id}`,
      xaccount_type: 'acme_IDP',
      domain_name: `e2e-${id}`,
      include_association_result: true,
    })
  ).domain_id!;
};

describe('SDK over HTTP', () => {
  it('treats a refused connection as never sent: even a money movement is retried, and the error says it was not applied', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const e = await sp({ baseUrl: `http://127.0.0.1:${port}` })
      .updateCustomerAccountAmount({ customer_id: 'c', amount: 1 })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect(e).toMatchObject({ attempts: 3, uncertain: false, timedOut: false });
  });

  it('does not resend a money movement whose connection was reset after sending', async () => {
    const customer_id = await customer();
    await env.control.addFault({ action: 'reset', operation: 'UpdateCustomerAccountAmount', nth: 1 });
    const before = await sent('UpdateCustomerAccountAmount');
    const e = await sp()
      .updateCustomerAccountAmount({ customer_id, amount: 1 })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect(e).toMatchObject({ attempts: 1, uncertain: true });
    expect((await sent('UpdateCustomerAccountAmount')) - before).toBe(1);
    // A read hit by the same fault is simply retried.
    await env.control.addFault({ action: 'reset', operation: 'ListPartnerBalances', nth: 1 });
    await expect(sp().listPartnerBalances()).resolves.toMatchObject({ account_balances: expect.any(Array) });
  });

  it('cuts a slow answer with the attempt timeout and retries a read', async () => {
    await env.control.addFault({ action: 'latency', operation: 'ListPartnerBalances', nth: 1, latency_ms: 3_000 });
    const reasons: string[] = [];
    const c = sp({ timeoutMs: 300, hooks: { onRetry: (e) => void reasons.push(e.reason) } });
    await expect(c.listPartnerBalances()).resolves.toMatchObject({ account_balances: expect.any(Array) });
    expect(reasons).toEqual(['timeout']);
  });

  it('rebuilds the answer of a movement applied before its answer failed', async () => {
    const customer_id = await customer();
    await env.control.addFault({ action: 'fail_after_commit', operation: 'UpdateCustomerAccountAmount', nth: 1 });
    const before = await sent('UpdateCustomerAccountAmount');
    const r = await sp().updateCustomerAccountAmount({ customer_id, amount: 7.5 }, { reconcile: true });
    const records = await sp().listPartnerAdjustRecords({ customer_id });
    expect(records.total_count).toBe(1);
    expect(r).toEqual({ transfer_id: records.records![0]!.trans_id });
    expect((await sent('UpdateCustomerAccountAmount')) - before).toBe(1);
  });

  it('authenticates with a token from the standalone mock IAM', async () => {
    const p = env.partner({ role: 'solution_provider' });
    const token = iamPasswordToken({
      user: p.iamUser,
      password: p.iamPassword,
      domain: p.iamDomain,
      endpoint: env.baseUrl('cn'),
    });
    const c = createPartnerClient({ baseUrl: env.baseUrl('cn'), credentials: { token } });
    await expect(c.listPartnerBalances()).resolves.toMatchObject({ account_balances: expect.any(Array) });
    const wrong = iamPasswordToken({
      user: p.iamUser,
      password: 'nope-nope-1',
      domain: p.iamDomain,
      endpoint: env.baseUrl('cn'),
    });
    const e = await createPartnerClient({ baseUrl: env.baseUrl('cn'), credentials: { token: wrong } })
      .listPartnerBalances()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect((e as PartnerCenterError).status).toBe(401);
  });
});
