/**
 * Quick start: register a customer with an SMS verification code, then find it in the customer list.
 *
 * Against the standalone mock (`pnpm mock` in another terminal):
 *   pnpm example examples/quick-start.ts
 * Against the real service, set PARTNER_CENTER_ENDPOINT, HUAWEICLOUD_AK, HUAWEICLOUD_SK and QUICKSTART_MOBILE (a
 * China mobile you hold): the code arrives by SMS and the program asks for it; it registers a real account.
 */
import { createPartnerClient, PartnerCenterError } from '@partner-center/sdk';
import { createControlClient } from '@partner-center/mock';
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';

export interface QuickStartOptions {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  /** Where to read the code the mock "sent" (mock only). */
  readCode: (mobile: string) => Promise<string>;
  /** Moves the mock's clock so the asynchronous association completes (mock only). */
  wait: (seconds: number) => Promise<void>;
  log?: (line: string) => void;
  /** Distinguishes runs, so the example can run several times against one mock. */
  suffix?: string;
  /** The mobile to register with (default: one derived from the suffix, fine for the mock only). */
  mobile?: string;
}

/** Runs the quick start and returns the new customer's id. */
export async function quickStart(o: QuickStartOptions): Promise<string> {
  const log = o.log ?? console.log;
  const client = createPartnerClient({
    site: 'cn',
    baseUrl: o.baseUrl,
    credentials: { accessKey: o.accessKey, secretKey: o.secretKey },
  });
  const suffix = o.suffix ?? Date.now().toString(36);
  const loginName = `quickstart-${suffix}`;
  const mobile = o.mobile ?? `139${String(parseInt(suffix, 36) % 1e8).padStart(8, '0')}`;

  const check = await client.checkUserIdentity({ search_type: 'name', search_value: loginName });
  log(`1. login name ${loginName}: ${check.check_result}`);

  await client.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: mobile });
  const code = await o.readCode(mobile);
  log(`2. verification code sent to ${mobile}: ${code}`);

  const created = await client.createSubCustomer({
    xaccount_id: `quickstart-user-${suffix}`,
    xaccount_type: 'quickstart_IDP',
    domain_name: loginName,
    mobile_phone: mobile,
    verification_code: code,
    password: 'Quick-Start-2024',
  });
  log(`3. created customer ${created.domain_id} (${created.domain_name})`);

  try {
    await client.createSubCustomer({ xaccount_id: `quickstart-user-${suffix}`, xaccount_type: 'quickstart_IDP' });
  } catch (e) {
    if (!(e instanceof PartnerCenterError)) throw e;
    log(`4. registering the same xaccount_id again is refused: ${e.code} ${e.errorMsg}`);
  }

  await o.wait(5);
  const list = await client.listSubCustomers({ customer_id: created.domain_id });
  const me = list.customer_infos?.[0]; // the service may leave an empty list out
  log(`5. listed: ${me?.account_name}, association type ${me?.association_type}, associated on ${me?.associated_on}`);
  return created.domain_id;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseUrl = process.env.PARTNER_CENTER_ENDPOINT ?? 'http://127.0.0.1:4010';
  const { HUAWEICLOUD_AK, HUAWEICLOUD_SK, QUICKSTART_MOBILE } = process.env;
  if (HUAWEICLOUD_AK && HUAWEICLOUD_SK) {
    // The real service: the code comes by SMS, and the association completes on its own.
    if (!QUICKSTART_MOBILE) throw new Error('set QUICKSTART_MOBILE to a China mobile number you can read SMS on');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    await quickStart({
      baseUrl,
      accessKey: HUAWEICLOUD_AK,
      secretKey: HUAWEICLOUD_SK,
      mobile: QUICKSTART_MOBILE,
      readCode: (mobile) => rl.question(`verification code sent to ${mobile}: `),
      wait: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
    });
    rl.close();
  } else {
    // The mock: the demo solution provider; the code is read and the clock moved on the control surface.
    const control = createControlClient({ baseUrl });
    const partner = (await control.listPartners()).partners.find(
      (p) => p.role === 'solution_provider' && p.site === 'cn',
    )!;
    await quickStart({
      baseUrl,
      accessKey: partner.access_key,
      secretKey: partner.secret_key,
      readCode: (mobile) => control.latestCode(mobile),
      wait: async (seconds) => void (await control.advanceClock({ seconds })),
    });
  }
}
