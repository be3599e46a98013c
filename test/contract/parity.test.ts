/**
 * Record and replay (issue 15): recordings made from the mock replay at 100 % (ids mapped, clock moved), edited
 * recordings standing for a real service that differs are reported difference by difference, and no secret or raw
 * personal value reaches a recording.
 */
import { createMock, type Mock } from '@partner-center/mock';
import { describe, expect, it } from 'vitest';
import { recordAgainstMock } from '../../examples/parity/record.js';
import {
  compareRecordings,
  formatMarkdown,
  formatText,
  parseRecording,
  runParity,
  summarize,
} from '@partner-center/mock';
import { runParityCli } from '../../mock-server/src/adapters/parity-cli.js';

const START = Date.parse('2026-03-02T08:00:00Z');
const newMock = () => createMock({ clockStart: START, clockFrozen: true });
const targetOf = (mock: Mock) => ({ baseUrl: 'http://replay.local', fetch: (r: Request) => mock.engine.handle(r) });

type Line = Record<string, any>;
const lines = (text: string): Line[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const unlines = (ls: Line[]) => `${ls.map((l) => JSON.stringify(l)).join('\n')}\n`;
/** The recording with the exchange of `seq` changed by `edit`. */
const edited = (text: string, seq: number, edit: (x: Line) => void) =>
  unlines(
    lines(text).map((l) => {
      if (l.seq === seq) edit(l);
      return l;
    }),
  );

const recording = await recordAgainstMock(newMock());
const seqOf = (operation: string, nth = 0) => lines(recording).filter((l) => l.operation === operation)[nth]!.seq;

describe('a recording made from the mock', () => {
  it('replays at 100 % against another mock, through id mapping and the clock', async () => {
    const result = await runParity({ recording, target: targetOf(newMock()) });
    const summary = summarize(result);
    expect(summary.total).toBe(12);
    expect(result.exchanges.flatMap((x) => x.differences)).toEqual([]);
    expect(summary.parity).toBe(1);
    // The customer id of the recording is not the replay's: the later calls reached it through the id map.
    const mock = newMock();
    const kept = await runParity({ recording, target: targetOf(mock), keepTenant: true });
    const recorded = lines(recording).find((l) => l.operation === 'CreateSubCustomer')!.response.domain_id;
    const replayedIds = [...mock.engine.tenant(kept.tenantId)!.world.customers.keys()];
    expect(replayedIds).toHaveLength(1);
    expect(replayedIds).not.toContain(recorded);
    expect(summarize(kept).parity).toBe(1);
    expect(result.seeded).toEqual([
      'partner funds (cash_amount, designated_amount, credit_amount) from ListPartnerBalances',
    ]);
  });

  it('needs the clock: with its times collapsed, the association has not completed when listed', async () => {
    const collapsed = unlines(
      lines(recording).map((l) => (l.time ? { ...l, time: new Date(START).toISOString() } : l)),
    );
    const result = await runParity({ recording: collapsed, target: targetOf(newMock()) });
    const listed = result.exchanges.find((x) => x.operation === 'ListSubCustomers')!;
    expect(listed.differences).toContainEqual({ kind: 'count', path: 'count', recorded: 1, replayed: 0 });
  });

  it('needs the id map: a request naming an id the replay never learnt is refused', async () => {
    const id = lines(recording).find((l) => l.operation === 'CreateSubCustomer')!.response.domain_id;
    const broken = edited(recording, seqOf('CreateSubCustomer'), (x) => {
      x.response.domain_id = 'f'.repeat(32);
    });
    expect(broken).toContain(id);
    const result = await runParity({ recording: broken, target: targetOf(newMock()) });
    expect(summarize(result).differing).toBeGreaterThan(0);
  });

  it('compares equal to a recording of the same integration made against another mock', async () => {
    const other = await recordAgainstMock(newMock(), { label: 'mock B' });
    const summary = summarize(compareRecordings(recording, other));
    expect(summary.parity).toBe(1);
    expect(summary.result.against).toBe('recording mock B');
  });
});

describe('an edited recording, standing for a real service that differs', () => {
  const cases: [string, number, (x: Line) => void, object][] = [
    [
      'a field omitted',
      seqOf('ListSubCustomers'),
      (x) => delete x.response.customer_infos[0].account_name,
      { kind: 'extra-field', path: 'customer_infos[].account_name', recorded: 'absent' },
    ],
    [
      'a 200 with an error body',
      seqOf('UpdateCustomerAccountAmount'),
      (x) => {
        x.response = { error_code: 'CBC.0999', error_msg: 'internal' };
      },
      { kind: 'error-in-success', path: 'error_code', recorded: 'CBC.0999', replayed: 'absent' },
    ],
    [
      'another error code',
      seqOf('CreateSubCustomer', 1),
      (x) => {
        x.response.error_code = 'CBC.99000038';
      },
      { kind: 'error_code', path: 'error_code', recorded: 'CBC.99000038', replayed: 'CBC.99000039' },
    ],
    [
      'an extra field',
      seqOf('CheckUserIdentity'),
      (x) => {
        x.response.mobile_remain_available_num = 3;
      },
      { kind: 'missing-field', path: 'mobile_remain_available_num', recorded: 3, replayed: 'absent' },
    ],
    [
      'another enum value',
      seqOf('ListSubCustomers'),
      (x) => {
        x.response.customer_infos[0].association_type =
          x.response.customer_infos[0].association_type === '1' ? '3' : '1';
      },
      { kind: 'enum', path: 'customer_infos[].association_type' },
    ],
    [
      'an amount off by a cent',
      seqOf('ListCustomersBalancesDetail'),
      (x) => {
        x.response.customer_balances[0].amount = 7.35;
      },
      { kind: 'amount', path: 'customer_balances[].amount', recorded: 7.35, replayed: 7.34 },
    ],
    [
      'a string amount sent as a number',
      seqOf('ListPartnerAdjustRecords'),
      (x) => {
        x.response.records[0].amount = Number(x.response.records[0].amount);
      },
      { kind: 'type', path: 'records[].amount', recorded: 'number', replayed: 'string' },
    ],
    [
      'another status',
      seqOf('ReclaimToPartnerAccount', 1),
      (x) => {
        x.status = 409;
      },
      { kind: 'status', recorded: 409, replayed: 400 },
    ],
  ];

  it.each(cases)('%s: reported as one named difference at its exchange', async (_name, seq, edit, expected) => {
    const result = await runParity({ recording: edited(recording, seq, edit), target: targetOf(newMock()) });
    const differing = result.exchanges.filter((x) => x.differences.length);
    expect(differing.map((x) => x.seq)).toEqual([seq]);
    expect(differing[0]!.differences).toEqual([expect.objectContaining(expected)]);
    const text = formatText(summarize(result));
    expect(text).toContain(`#${seq} (request ${differing[0]!.requestId})`);
    expect(text).toContain((expected as { kind: string }).kind);
  });

  it('takes an empty field and an absent one as the same answer (omitempty), either way round', async () => {
    const text = edited(recording, seqOf('ListSubCustomers'), (x) => {
      x.response.customer_infos[0].account_managers = [];
      x.response.customer_infos[0].label = '';
      x.response.customer_infos[0].extra_info = {};
      x.response.remark = null;
    });
    const result = await runParity({ recording: text, target: targetOf(newMock()) });
    expect(summarize(result).differing).toBe(0);
    // A value that is not empty still counts.
    const valued = edited(recording, seqOf('ListSubCustomers'), (x) => {
      x.response.customer_infos[0].label = 'vip';
    });
    const listed = (await runParity({ recording: valued, target: targetOf(newMock()) })).exchanges.find(
      (x) => x.seq === seqOf('ListSubCustomers'),
    )!;
    expect(listed.differences).toEqual([
      { kind: 'missing-field', path: 'customer_infos[].label', recorded: 'vip', replayed: 'absent' },
    ]);
  });

  it('reports every difference at once, per operation, as text and markdown, and a known one is not counted', async () => {
    let text = recording;
    for (const [, seq, edit] of cases) text = edited(text, seq, edit);
    const result = await runParity({ recording: text, target: targetOf(newMock()) });
    const summary = summarize(result);
    expect(summary.differing).toBe(7); // two edits are on the same ListSubCustomers exchange
    const md = formatMarkdown(summary);
    for (const kind of [
      'extra-field',
      'error-in-success',
      'error_code',
      'missing-field',
      'enum',
      'amount',
      'type',
      'status',
    ])
      expect(md).toContain(`| ${kind} |`);
    expect(md).toContain('| ListSubCustomers | 1 | 0 | 1 |');
    const known = summarize(result, [{ operation: 'CheckUserIdentity', kind: 'missing-field', reason: 'mock choice' }]);
    expect(known.differing).toBe(6);
    expect(formatText(known)).toContain('known differences (not counted): 1');
  });
});

describe('redaction', () => {
  it('writes no secret and no raw personal value, and equal values stay equal', () => {
    const sp = createMock().engine.world.partners.values().next().value!;
    for (const raw of [
      sp.accessKey,
      sp.secretKey,
      'Parity-Secret-77',
      '13912345678',
      '12345678',
      'parity-demo01',
      'parity-user-demo01',
    ])
      expect(recording).not.toContain(raw);
    expect(recording).not.toMatch(/"verification_code":"\d{6}"/);
    const ls = lines(recording);
    const sent = ls.find((l) => l.operation === 'SendVerificationMessageCode')!.request.mobile_phone;
    const created = ls.find((l) => l.operation === 'CreateSubCustomer')!.request;
    expect(sent).toMatch(/^139\d{8}$/);
    expect(created.mobile_phone).toBe(sent);
    expect(created.password).toBe('[redacted]');
    expect(ls.find((l) => l.operation === 'CheckUserIdentity')!.request.search_value).toBe(created.domain_name);
    // The error message named the xaccount_id: it carries the mask instead.
    expect(ls.find((l) => l.status === 400)!.response.error_msg).toContain(created.xaccount_id);
  });

  it('masks differently under another key, so masks do not link recordings', async () => {
    const a = lines(recording).find((l) => l.operation === 'CreateSubCustomer')!.request.domain_name;
    const b = lines(await recordAgainstMock(newMock())).find((l) => l.operation === 'CreateSubCustomer')!.request;
    expect(b.domain_name).not.toBe(a);
  });
});

describe('the parity command', () => {
  it('exits 0 at 100 %, 1 above the threshold, 2 on an unreadable recording', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/parity-`);
    const good = `${dir}/good.ndjson`;
    const bad = `${dir}/bad.ndjson`;
    writeFileSync(good, recording);
    writeFileSync(
      bad,
      edited(recording, seqOf('CheckUserIdentity'), (x) => (x.response.extra = 1)),
    );
    const out: string[] = [];
    expect(await runParityCli([good], (t) => out.push(t))).toBe(0);
    expect(out.join('')).toContain('parity 100.0 %: 12 of 12');
    expect(await runParityCli([bad, '--markdown', `${dir}/r.md`], (t) => out.push(t))).toBe(1);
    expect(readFileSync(`${dir}/r.md`, 'utf8')).toContain('| missing-field | extra |');
    expect(await runParityCli([bad, '--threshold', '1'], () => {})).toBe(0);
    expect(await runParityCli([bad, '--compare', good], () => {})).toBe(1);
    writeFileSync(`${dir}/broken.ndjson`, '{"kind":"exchange"}\n');
    expect(await runParityCli([`${dir}/broken.ndjson`], () => {})).toBe(2);
  });

  it('keeps only the final attempt of a retried call', () => {
    const ls = lines(recording);
    const first = ls.find((l) => l.operation === 'ListPartnerBalances')!;
    const retried = { ...first, seq: 0.5, attempt: 1, status: 503, response: { error_code: 'CBC.0999' } };
    const parsed = parseRecording(unlines([ls[0]!, retried, { ...first, attempt: 2 }, ...ls.slice(2)]));
    expect(parsed.retried).toBe(1);
    expect(parsed.exchanges.map((x) => x.status)).not.toContain(503);
  });
});

describe('seeding from the first reads', () => {
  /** Records, against a mock whose partner already has funds, a quota and customers, reads and then a movement. */
  async function recordWithHistory(): Promise<string> {
    const mock = newMock();
    const sp = mock.engine.world.partners.values().next().value!;
    await mock.control.setPartnerFunds({ partner_id: sp.id, cash_amount: 2500.5, credit_amount: 300 });
    await mock.control.grantCouponQuota({ partner_id: sp.id, quota_value: 120 });
    await mock.control.applyScenario({ steps: [{ customers: { count: 2, partner: sp.id } }] });
    const { createPartnerClient, createRecorder } = await import('@partner-center/sdk');
    const out: string[] = [];
    const recorder = createRecorder({ site: 'cn', write: (l) => out.push(l), now: () => new Date(START) });
    const client = createPartnerClient(
      recorder.attach({
        site: 'cn',
        baseUrl: 'http://mock.local',
        credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey },
        fetch: (r: Request) => mock.engine.handle(r),
      }),
    );
    await client.listPartnerBalances();
    await client.listQuotaCoupons({});
    const { customer_infos = [] } = await client.listSubCustomers({});
    await client.updateCustomerAccountAmount({ customer_id: customer_infos[1]!.customer_id, amount: 20 });
    await client.listCustomersBalancesDetail({
      customer_infos: customer_infos.map((c) => ({ customer_id: c.customer_id })),
    });
    await client.listPartnerBalances();
    await recorder.flush();
    return out.join('');
  }

  it('seeds funds, quotas and customers, so a recording of a partner with a history replays at 100 %', async () => {
    const text = await recordWithHistory();
    const result = await runParity({ recording: text, target: targetOf(newMock()) });
    expect(result.seeded).toEqual([
      'partner funds (cash_amount, designated_amount, credit_amount) from ListPartnerBalances',
      '1 coupon quota(s) from ListQuotaCoupons',
      '2 customer(s) from ListSubCustomers',
    ]);
    expect(result.exchanges.flatMap((x) => x.differences)).toEqual([]);
  });

  it('without seeding, the same replay differs where the history shows', async () => {
    const result = await runParity({ recording: await recordWithHistory(), target: targetOf(newMock()), seed: false });
    const kinds = result.exchanges.flatMap((x) => x.differences.map((d) => `${x.operation} ${d.kind} ${d.path ?? ''}`));
    expect(kinds).toContain('ListPartnerBalances amount account_balances[].amount');
    expect(kinds).toContain('ListQuotaCoupons count total_count');
    expect(kinds).toContain('ListSubCustomers count count');
  });
});
