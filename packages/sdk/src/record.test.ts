import { describe, expect, it } from 'vitest';
import { createPartnerClient } from './sites.js';
import { createRecorder, type RecordedExchange } from './record.js';
import { createMask, redactValue, REDACTED } from './redact.js';

const credentials = { accessKey: 'AKRECORDTEST00000000', secretKey: 'sk-record-test-secret-0000000000000000' };
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'X-Request-Id': `r${status}` },
  });

describe('createRecorder', () => {
  it('writes a header, then one line per attempt with the operation, and keeps the caller hooks and fetch', async () => {
    const lines: string[] = [];
    const seen: string[] = [];
    const recorder = createRecorder({ site: 'cn', write: (l) => lines.push(l), label: 'unit' });
    let calls = 0;
    const client = createPartnerClient(
      recorder.attach({
        credentials,
        baseUrl: 'http://sdk.test',
        retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
        hooks: { onRequest: (e) => seen.push(`${e.operationId}#${e.attempt}`) },
        fetch: async () =>
          ++calls === 1
            ? json({ error_code: 'CBC.0999', error_msg: 'x' }, 503)
            : json({ count: 0, customer_infos: [] }),
      }),
    );
    await client.listSubCustomers({ account_name: 'zhang-san-01' });
    await recorder.flush();
    expect(seen).toEqual(['ListSubCustomers#1', 'ListSubCustomers#2']);
    const [header, ...rest] = lines.map((l) => JSON.parse(l));
    expect(header).toMatchObject({ kind: 'recording', format: 1, site: 'cn', label: 'unit' });
    const xs = rest as RecordedExchange[];
    expect(xs.map((x) => [x.seq, x.operation, x.attempt, x.status, x.request_id])).toEqual([
      [1, 'ListSubCustomers', 1, 503, 'r503'],
      [2, 'ListSubCustomers', 2, 200, 'r200'],
    ]);
    expect(xs[1]).toMatchObject({ method: 'POST', path: '/v2/partners/sub-customers/query', response: { count: 0 } });
    // The login-name filter is masked, in its format.
    const masked = (xs[1]!.request as { account_name: string }).account_name;
    expect(masked).toMatch(/^[a-z]{5}-[a-z]{3}-\d{2}$/);
    expect(masked).not.toBe('zhang-san-01');
    expect(lines.join('')).not.toContain(credentials.secretKey);
    expect(recorder.written).toBe(2);
  });
});

describe('redaction', () => {
  const mask = createMask(new Uint8Array(32).fill(7));

  it('redacts secrets, masks personal values in their format, equal values alike', async () => {
    const out = (await redactValue(
      {
        password: 'Hunter2-Secret',
        security_token: 'tok',
        verification_code: '123456',
        email: 'li.lei@example.com',
        contact_name: '李雷',
        mobile_phone: '13800138000',
        search_value: '0086-13800138000',
        legel_id_number: '110101199003070011',
        amount: 12.34,
        customer_id: 'c0ffee',
        error_msg: 'li.lei@example.com and 13800138000 and 李雷 and 110101199003070011',
      },
      mask,
      ['tok'],
    )) as Record<string, string>;
    expect(out.password).toBe(REDACTED);
    expect(out.security_token).toBe(REDACTED);
    expect(out.verification_code).toBe(REDACTED);
    expect(out.email).toMatch(/^[a-z]{2}\.[a-z]{3}@[a-z]{7}\.com$/);
    expect(out.contact_name).toMatch(/^[\u4e00-\u9fff]{2}$/);
    expect(out.contact_name).not.toBe('李雷');
    expect(out.mobile_phone).toMatch(/^138\d{8}$/);
    expect(out.search_value).toBe(`0086-${out.mobile_phone}`);
    expect(out.legel_id_number).toMatch(/^\d{18}$/);
    expect([out.amount, out.customer_id]).toEqual([12.34, 'c0ffee']);
    // Free text carries the masks of the values seen in fields.
    expect(out.error_msg).toContain(out.email);
    expect(out.error_msg).toContain(out.mobile_phone);
    expect(out.error_msg).toContain(out.legel_id_number);
    expect(out.error_msg).toContain(out.contact_name);
    for (const raw of ['li.lei', '13800138000', '110101199003070011', '李雷']) expect(out.error_msg).not.toContain(raw);
  });
});
