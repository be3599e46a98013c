/**
 * The replay: a fresh tenant on the target mock, its clock frozen at the recording's first instant and moved to each
 * exchange's time, seeded from the first reads; each recorded request sent in order, signed with the tenant partner's
 * AK/SK, its ids rewritten with those learnt from earlier answers, its redacted secrets refilled (the verification
 * code the mock sent, a valid password); each answer compared with the recorded one.
 */
import { createPartnerClient } from '@partner-center/sdk';
import { compareAnswers, type Difference } from './compare.js';
import { IdMap } from './idmap.js';
import { parseRecording, type RecordedExchange, type Recording, type RecordingHeader } from './recording.js';
import { seedFromFirstReads } from './seed.js';
import { controlOf, type Control, type ParityTarget } from './target.js';

/** What a redacted password becomes in a replay (valid for every password rule of the spec). */
export const REPLAY_PASSWORD = 'Parity-Replay-2024';
const REDACTED = '[redacted]';

/** One exchange replayed. */
export interface ExchangeResult {
  seq: number;
  operation: string;
  method: string;
  path: string;
  recordedStatus: number;
  replayedStatus: number;
  /** The recorded answer's `X-Request-Id`, to find the exchange in the recording. */
  requestId?: string;
  differences: Difference[];
}

/** Options of {@link runParity}. */
export interface ParityOptions {
  /** The recording: its NDJSON text or a parsed one. */
  recording: string | Recording;
  target: ParityTarget;
  /** Seed the tenant from the recording's first reads (default true). */
  seed?: boolean;
  /** Keep the tenant afterwards, to inspect it (default: deleted). */
  keepTenant?: boolean;
}

/** The outcome of a replay (or of comparing two recordings). */
export interface ParityResult {
  header: RecordingHeader;
  /** What the recording was compared with: `replay against <url>` or the other recording's label. */
  against: string;
  exchanges: ExchangeResult[];
  /** What was seeded before the replay. */
  seeded: string[];
  /** Attempts skipped because the SDK retried them. */
  retried: number;
  tenantId?: string;
}

type Rec = Record<string, any>;

/** Fills what redaction removed from a request, from the tenant's own state. */
async function refill(body: unknown, control: Control): Promise<unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Rec = { ...(body as Rec) };
  if (out.password === REDACTED) out.password = REPLAY_PASSWORD;
  if (out.verification_code === REDACTED) {
    const receiver = out.mobile_phone ?? out.email;
    const { codes } = await control('GET', `/_mock/verification-codes?receiver=${encodeURIComponent(receiver ?? '')}`);
    if (codes[0]) out.verification_code = codes[0].code;
  }
  return out;
}

const parse = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Creates the tenant and maps the default tenant's partners onto its own (same order), for mock-made recordings. */
async function openTenant(target: ParityTarget, header: RecordingHeader, ids: IdMap) {
  const admin = controlOf(target);
  const tenant = await admin('POST', '/_mock/tenants', { name: 'parity' });
  const { partners: known } = await admin('GET', '/_mock/partners');
  tenant.partners.forEach((p: Rec, i: number) => {
    if (known[i]?.role === p.role && known[i]?.site === p.site) ids.set(known[i].partner_id, p.partner_id);
  });
  const role = header.role ?? 'solution_provider';
  const partner = tenant.partners.find((p: Rec) => p.site === header.site && p.role === role);
  if (!partner) throw new Error(`the target mock has no ${header.site} ${role} partner`);
  return { tenantId: tenant.tenant_id as string, partner: partner as Rec };
}

/** Moves the tenant's frozen clock forward to an exchange's time. */
function clockMover(control: Control) {
  let now: number | undefined;
  return async (time: string) => {
    const at = Date.parse(time);
    if (now === undefined) {
      await control('PUT', '/_mock/clock', { now: new Date(at).toISOString(), frozen: true });
      now = at;
    } else if (at > now) {
      await control('POST', '/_mock/clock/advance', { seconds: (at - now) / 1000 });
      now = at;
    }
  };
}

/** Replays a recording against a fresh tenant of the target mock and compares every answer. */
export async function runParity(options: ParityOptions): Promise<ParityResult> {
  const recording = typeof options.recording === 'string' ? parseRecording(options.recording) : options.recording;
  const { header, exchanges } = recording;
  const ids = new IdMap();
  const { tenantId, partner } = await openTenant(options.target, header, ids);
  const control = controlOf(options.target, tenantId);
  try {
    const moveClock = clockMover(control);
    if (exchanges[0]) await moveClock(exchanges[0].time);
    const seeded = options.seed === false ? [] : await seedFromFirstReads(exchanges, partner.partner_id, control, ids);
    const client = createPartnerClient({
      site: header.site,
      baseUrl: options.target.baseUrl,
      credentials: { accessKey: partner.access_key, secretKey: partner.secret_key },
      ...(options.target.fetch ? { fetch: options.target.fetch } : {}),
      retry: false,
      validateRequests: false,
    });
    const results: ExchangeResult[] = [];
    for (const x of exchanges) {
      await moveClock(x.time);
      results.push(await replayOne(x, client.raw as never, control, ids, header.site));
    }
    return {
      header,
      against: `replay against ${options.target.baseUrl}`,
      exchanges: results,
      seeded,
      retried: recording.retried,
      ...(options.keepTenant ? { tenantId } : {}),
    };
  } finally {
    if (!options.keepTenant)
      await controlOf(options.target)('DELETE', `/_mock/tenants?tenant_id=${encodeURIComponent(tenantId)}`);
  }
}

type RawClient = {
  request(method: string, path: string, init: Rec): Promise<{ data?: string; error?: string; response: Response }>;
};

async function replayOne(
  x: RecordedExchange,
  raw: RawClient,
  control: Control,
  ids: IdMap,
  site: 'cn' | 'intl',
): Promise<ExchangeResult> {
  const body = await refill(ids.apply(x.request), control);
  const query = ids.apply(x.query);
  const { data, error, response } = await raw.request(x.method.toLowerCase(), ids.applyPath(x.path), {
    ...(body !== undefined ? { body } : {}),
    params: { query },
    parseAs: 'text',
  });
  const answer = { status: response.status, body: parse((data ?? error ?? '') as string) };
  const differences = compareAnswers(site, x.operation, { status: x.status, body: x.response }, answer);
  if (x.status < 300 && answer.status < 300) ids.learn(x.response, answer.body);
  return {
    seq: x.seq,
    operation: x.operation,
    method: x.method,
    path: x.path,
    recordedStatus: x.status,
    replayedStatus: answer.status,
    ...(x.request_id ? { requestId: x.request_id } : {}),
    differences,
  };
}
