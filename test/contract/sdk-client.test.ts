/**
 * The SDK's production behaviour against the mock, in-process through MSW: retries driven by the mock's own fault
 * injection (5xx, 429 with Retry-After, connection resets), per-attempt signing, the IAM token provider with refresh,
 * pagination over real data (body- and query-string paging, `count` and `total_count`), errors, and hooks that never
 * see a secret.
 */
import {
  createPartnerClient,
  iamPasswordToken,
  NetworkError,
  PartnerCenterError,
  RequestValidationError,
  type Hooks,
  type PartnerClientOptions,
} from '@partner-center/sdk';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mswEnv, type TestEnv } from '../support/env.js';

const env: TestEnv = mswEnv();
afterAll(() => env.close());

let n = 0;
const unique = () => `${(n++).toString(36)}${Date.now().toString(36)}`;
const sp = () => env.partner({ role: 'solution_provider' });

/** A client of the solution provider; waits between attempts are recorded, not slept. */
function client(extra: Partial<PartnerClientOptions<'cn'>> = {}) {
  const delays: number[] = [];
  const p = sp();
  const c = createPartnerClient({
    credentials: { accessKey: p.accessKey, secretKey: p.secretKey },
    ...extra,
    retry: { sleep: async (ms) => void delays.push(ms), ...(extra.retry || {}) },
  });
  return { c, delays };
}
const journal = async (operation: string) => (await env.control.listRequests({ operation, limit: 1000 })).requests;
const newCustomer = (c = env.client({ role: 'solution_provider' }), extra: Record<string, unknown> = {}) => {
  const id = unique();
  return c.createSubCustomer({
    xaccount_id: `x-${id}`,
    xaccount_type: 'acme_IDP',
    domain_name: `sdk-${id}`,
    include_association_result: true,
    ...extra,
  });
};

beforeEach(async () => {
  await env.control.reset();
  await env.control.setClock({ now: '2024-01-01T00:00:00Z', frozen: true });
  await env.control.clearFaults();
});

describe('retries against injected faults', () => {
  it('retries a 503 of a read, signing each attempt afresh', async () => {
    const created = await newCustomer();
    await env.control.addFault({ action: 'error', operation: 'ListSubCustomers', nth: 1, status: 503 });
    const dates: string[] = [];
    let k = 0;
    const { c, delays } = client({
      now: () => new Date(Date.now() + 1000 * k++),
      hooks: { onRequest: (e) => void dates.push(e.headers['x-sdk-date']!) },
    });
    const before = (await journal('ListSubCustomers')).length;
    const list = await c.listSubCustomers({ customer_id: created.domain_id });
    expect(list.customer_infos!.map((x) => x.customer_id)).toEqual([created.domain_id]);
    expect((await journal('ListSubCustomers')).slice(before).map((r) => r.status)).toEqual([503, 200]);
    expect(delays).toHaveLength(1);
    expect(new Set(dates).size).toBe(2);
  });

  it('resends a money movement throttled with 429, after the Retry-After, and applies it once', async () => {
    const customer_id = (await newCustomer()).domain_id;
    await env.control.addFault({
      action: 'rate_limit',
      operation: 'UpdateCustomerAccountAmount',
      nth: 1,
      retry_after: 2,
    });
    const { c, delays } = client();
    const r = await c.updateCustomerAccountAmount({ customer_id: customer_id!, amount: 10 });
    expect(r.transfer_id).toMatch(/^AD/);
    expect(delays).toEqual([2_000]);
    expect((await c.listPartnerAdjustRecords({ customer_id })).total_count).toBe(1);
  });

  it('retries a reset connection for a read, but not for a money movement', async () => {
    const customer_id = (await newCustomer()).domain_id;
    await env.control.addFault({ action: 'reset', operation: 'ListPartnerBalances', nth: 1 });
    const { c } = client();
    await expect(c.listPartnerBalances()).resolves.toMatchObject({ account_balances: expect.any(Array) });

    await env.control.addFault({ action: 'reset', operation: 'UpdateCustomerAccountAmount', nth: 1 });
    const before = (await journal('UpdateCustomerAccountAmount')).length;
    const e = await c.updateCustomerAccountAmount({ customer_id: customer_id!, amount: 10 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect(e).toMatchObject({ uncertain: true, attempts: 1 });
    expect((await journal('UpdateCustomerAccountAmount')).length - before).toBe(1);
  });

  it('gives up after maxAttempts with the status, code and request id of the last answer', async () => {
    await env.control.addFault({ action: 'error', operation: 'ListPartnerBalances', status: 502 });
    const e = await client({ retry: { maxAttempts: 4 } })
      .c.listPartnerBalances()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect(e).toMatchObject({
      status: 502,
      code: 'CBC.0999',
      attempts: 4,
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });
});

describe('IAM token credentials', () => {
  it('gets a token from IAM once, uses it, and fetches a new one when the service rejects it as expired', async () => {
    const p = sp();
    let iamCalls = 0;
    const countingFetch = (r: Request) => {
      if (new URL(r.url).pathname === '/v3/auth/tokens') iamCalls++;
      return globalThis.fetch(r);
    };
    const token = iamPasswordToken({
      user: p.iamUser,
      password: p.iamPassword,
      domain: p.iamDomain,
      fetch: countingFetch,
    });
    const { c } = client({ credentials: { token }, fetch: countingFetch });
    const created = await newCustomer(c);
    expect((await c.listSubCustomers({ customer_id: created.domain_id })).count).toBe(1);
    expect(iamCalls).toBe(1);

    // The mock's tokens live 24 h of its virtual time: past that it answers 401 CBC.0154.
    await env.control.advanceClock({ seconds: 25 * 3600 });
    expect((await c.listSubCustomers({ customer_id: created.domain_id })).count).toBe(1);
    expect(iamCalls).toBe(2);
  });

  it('reports a wrong password as an error that does not contain it', async () => {
    const p = sp();
    const token = iamPasswordToken({ user: p.iamUser, password: 'Wrong-Password-123', domain: p.iamDomain });
    const e = await client({ credentials: { token } })
      .c.listPartnerBalances()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect(e).toMatchObject({ status: 401, operationId: 'KeystoneCreateUserTokenByPassword' });
    expect(`${(e as Error).message}${JSON.stringify(e)}`).not.toContain('Wrong-Password-123');
  });
});

describe('pagination over the mock', () => {
  it('iterates a body-paged list with `count`', async () => {
    const c = env.client({ role: 'solution_provider' });
    const ids = new Set<string>();
    for (let i = 0; i < 23; i++) ids.add((await newCustomer(c)).domain_id!);
    const seen: string[] = [];
    for await (const x of c.paginate.listSubCustomers({ limit: 10 })) seen.push(x.customer_id);
    expect(seen).toHaveLength(23);
    expect(new Set(seen)).toEqual(ids);
  });

  it('iterates a query-string-paged list with `total_count`, with its filters', async () => {
    const c = env.client({ role: 'solution_provider' });
    const customer_id = (await newCustomer(c)).domain_id;
    const transfers: string[] = [];
    for (let i = 1; i <= 12; i++)
      transfers.push((await c.updateCustomerAccountAmount({ customer_id: customer_id!, amount: i })).transfer_id!);
    await c.reclaimToPartnerAccount({ customer_id: customer_id!, amount: 1 });
    const seen: string[] = [];
    for await (const r of c.paginate.listPartnerAdjustRecords({
      customer_id,
      operation_type: 'SOURCE_OPERATION_BEADJUST',
      limit: 5,
    }))
      seen.push(r.trans_id!);
    expect(seen.sort()).toEqual(transfers.sort());
  });
});

describe('errors and secrets', () => {
  it('answers documented codes with status and request id, and names the field of a refused request', async () => {
    const c = env.client({ role: 'solution_provider' });
    const first = await newCustomer(c, { domain_name: 'sdk-taken-name' });
    expect(first.domain_name).toBe('sdk-taken-name');
    const e = await newCustomer(c, { domain_name: 'sdk-taken-name' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect(e).toMatchObject({
      status: 400,
      code: 'CBC.99000038',
      rawCode: 'CBC.99000038',
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
      uncertain: false,
    });

    const before = (await journal('CreateSubCustomer')).length;
    const v = await newCustomer(c, { domain_name: 'has space' }).catch((x: unknown) => x);
    expect(v).toBeInstanceOf(RequestValidationError);
    expect((v as RequestValidationError).issues[0]!.field).toBe('domain_name');
    expect((await journal('CreateSubCustomer')).length).toBe(before);
  });

  it('never shows SK, token, password or signature to hooks or in errors', async () => {
    const p = sp();
    const lines: string[] = [];
    const log = (e: unknown) => void lines.push(JSON.stringify(e));
    const hooks: Hooks = {
      onRequest: log,
      onResponse: log,
      onRetry: log,
      onError: (e) => log({ op: e.operationId, message: e.error.message, error: e.error }),
    };
    await env.control.addFault({ action: 'error', operation: 'ListSubCustomers', nth: 1, status: 503 });
    const ak = client({ hooks }).c;
    await ak.listSubCustomers();
    await newCustomer(ak, { password: 'Sup3r-Secret-pw' });
    await newCustomer(ak, { domain_name: 'x y', password: 'Sup3r-Secret-pw' }).catch(log);
    const token = iamPasswordToken({ user: p.iamUser, password: p.iamPassword, domain: p.iamDomain });
    const tk = client({ hooks, credentials: { token } }).c;
    await tk.listSubCustomers();
    await tk.createSubCustomer({ xaccount_id: 'dup', xaccount_type: 'acme_IDP' });
    await tk.createSubCustomer({ xaccount_id: 'dup', xaccount_type: 'acme_IDP' }).catch(log);
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(text).toContain('[redacted]');
    for (const secret of [p.secretKey, p.iamPassword, 'Sup3r-Secret-pw', await token(), 'Signature=', 'MIIMOCK'])
      expect(text).not.toContain(secret);
  });
});
