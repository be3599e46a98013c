/**
 * Record an integration's traffic for `partner-center-mock parity`: the SDK's recorder writes every exchange to an
 * NDJSON file, secrets redacted and personal values masked. This program records a small integration (register a
 * customer with an SMS code, list it, fund it, read balances and records, hit a refusal) against an in-process mock,
 * and writes examples/parity/recording.ndjson:
 *   pnpm example examples/parity/record.ts
 *   pnpm mock parity examples/parity/recording.ndjson
 * Against the real sandbox, build the client the same way with your own credentials (docs/guides/parity.md).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createPartnerClient, createRecorder, PartnerCenterError, type PartnerClient } from '@partner-center/sdk';
import { createMock, type Mock } from '@partner-center/mock';

/** What the integration needs besides the client: the SMS code and waiting (both the mock's control surface here). */
export interface IntegrationEnv {
  readCode: (mobile: string) => Promise<string>;
  wait: (seconds: number) => Promise<void>;
}

/** A small integration, the kind an ISV records: every call goes through the SDK. */
export async function integration(client: PartnerClient<'cn'>, env: IntegrationEnv, suffix = 'demo01'): Promise<void> {
  await client.listPartnerBalances();
  const login = `parity-${suffix}`;
  const mobile = '13912345678';
  await client.checkUserIdentity({ search_type: 'name', search_value: login });
  await client.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: mobile });
  const { domain_id } = await client.createSubCustomer({
    xaccount_id: `parity-user-${suffix}`,
    xaccount_type: 'parity_IDP',
    domain_name: login,
    mobile_phone: mobile,
    verification_code: await env.readCode(mobile),
    password: 'Parity-Secret-77',
  });
  try {
    await client.createSubCustomer({ xaccount_id: `parity-user-${suffix}`, xaccount_type: 'parity_IDP' });
  } catch (e) {
    if (!(e instanceof PartnerCenterError)) throw e;
  }
  await env.wait(5);
  await client.listSubCustomers({ customer_id: domain_id });
  await client.updateCustomerAccountAmount({ customer_id: domain_id, amount: 12.34 });
  await client.reclaimToPartnerAccount({ customer_id: domain_id, amount: '5.00' }).catch(() => undefined);
  await client.reclaimToPartnerAccount({ customer_id: domain_id, amount: 100 }).catch(() => undefined);
  await client.listCustomersBalancesDetail({ customer_infos: [{ customer_id: domain_id }] });
  await client.listPartnerAdjustRecords({ customer_id: domain_id });
  await client.listPartnerBalances();
}

/** Runs the integration against a mock as its China solution provider, recording it; returns the NDJSON text. */
export async function recordAgainstMock(
  mock: Mock,
  options: { suffix?: string; label?: string } = {},
): Promise<string> {
  const lines: string[] = [];
  const clock = await mock.control.getClock();
  let virtual = Date.parse(clock.now);
  const sp = mock.engine.world.partners.values().next().value!;
  const recorder = createRecorder({
    site: 'cn',
    role: 'solution_provider',
    label: options.label ?? 'partner-center mock',
    write: (line) => lines.push(line),
    // The mock's virtual clock, so the replay moves its own clock as the recording's did.
    now: () => new Date(virtual),
    secrets: [sp.accessKey, sp.secretKey],
  });
  const client = createPartnerClient(
    recorder.attach({
      site: 'cn',
      baseUrl: 'http://mock.local',
      credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey },
      fetch: (r: Request) => mock.engine.handle(r),
    }),
  );
  await integration(
    client,
    {
      readCode: (mobile) => mock.control.latestCode(mobile),
      wait: async (seconds) => {
        virtual = Date.parse((await mock.control.advanceClock({ seconds })).now);
      },
    },
    options.suffix,
  );
  await recorder.flush();
  return lines.join('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = new URL('./recording.ndjson', import.meta.url);
  const mock = createMock({ clockStart: Date.parse('2026-03-02T08:00:00Z'), clockFrozen: true });
  writeFileSync(out, '');
  appendFileSync(out, await recordAgainstMock(mock));
  console.log(`wrote ${out.pathname}`);
}
