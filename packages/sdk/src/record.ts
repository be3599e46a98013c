/**
 * Recording: every exchange a client has with the service (the real one or the mock) as one NDJSON line, secrets
 * redacted and personal values masked (redact.ts), for `partner-center-mock parity` to replay against the mock and
 * measure where it answers differently. Built on the client's own options: the hooks name the operation and attempt,
 * a fetch wrapper sees the bodies. Runtime-neutral: the caller decides where lines go (`write`).
 */
import type { PartnerClientOptions } from './client.js';
import type { Site } from './endpoints.js';
import { SPEC_REVISION } from './generated/revision.js';
import { createMask, redactQuery, redactValue } from './redact.js';
import type { Hooks, RequestEvent } from './transport.js';

/** The first line of a recording: what it was made with. */
export interface RecordingHeader {
  kind: 'recording';
  /** Version of this line format. */
  format: 1;
  site: Site;
  /** The role of the recording partner (`solution_provider`, `distributor`, `reseller`), when the caller said. */
  role?: string;
  /** A free label: the environment recorded (`real sandbox`, `mock 1.4.0`…). */
  label?: string;
  /** The spec revision of the SDK that recorded. */
  spec_revision: string;
  started_at: string;
  /** How personal values were masked (the key is never written). */
  redaction: string;
}

/** One request and its answer (each attempt of a retried call is its own line). */
export interface RecordedExchange {
  kind: 'exchange';
  /** Order in which the requests were sent, from 1. */
  seq: number;
  /** The operationId (`CreateSubCustomer`). */
  operation: string;
  site: Site;
  method: string;
  /** The URL's path, without the query. */
  path: string;
  /** Query parameters (a repeated name as an array), redacted. */
  query: Record<string, string | string[]>;
  /** The JSON request body, redacted (undefined when none). */
  request?: unknown;
  status: number;
  /** The JSON answer (its text when not JSON; undefined when empty), redacted. */
  response?: unknown;
  /** `X-Request-Id` of the answer. */
  request_id?: string;
  /** When the request was sent (the recorder's clock). */
  time: string;
  /** 1 for the first attempt of a call. */
  attempt: number;
  duration_ms: number;
}

/** Options of {@link createRecorder}. */
export interface RecorderOptions {
  /** The site of the client being recorded. */
  site: Site;
  /** Receives each line, `\n` included, in the order the requests were sent (for example `appendFileSync`). */
  write: (line: string) => void;
  /** Key of the masks: random per recorder by default, so masks match within one recording only. */
  key?: Uint8Array;
  /** Literal values scrubbed wherever they appear (the AK, a token, a customer's real name in free text). */
  secrets?: readonly string[];
  /** The clock of `time` (default the system clock; a test against the mock passes the virtual clock). */
  now?: () => Date;
  /** Written in the header: the recording partner's role. */
  role?: string;
  /** Written in the header: a label for the environment recorded. */
  label?: string;
}

/** A recorder: attach it to a client's options; `flush` waits for every line so far. */
export interface Recorder {
  /** The same client options, with the recorder's hooks and fetch composed over the caller's (both still used). */
  attach<S extends Site = 'cn'>(options: PartnerClientOptions<S>): PartnerClientOptions<S>;
  /** Resolves once every exchange sent so far is written. */
  flush(): Promise<void>;
  /** Exchanges written. */
  readonly written: number;
}

const parseJson = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

type MaskFn = ReturnType<typeof createMask>;

/** One exchange as a redacted line. */
async function capture(
  sent: { n: number; time: string; durationMs: number; site: Site },
  about: RequestEvent | undefined,
  exchange: { request: Request; response: Response },
  redaction: { mask: MaskFn; secrets: readonly string[] },
): Promise<RecordedExchange> {
  const { request, response } = exchange;
  const { mask, secrets } = redaction;
  const url = new URL(request.url);
  const [requestText, responseText] = await Promise.all([request.text(), response.text()]);
  const requestId = response.headers.get('X-Request-Id');
  return {
    kind: 'exchange',
    seq: sent.n,
    operation: about?.operationId ?? `${request.method} ${url.pathname}`,
    site: sent.site,
    method: request.method,
    path: url.pathname,
    query: await redactQuery(url.searchParams, mask, secrets),
    request: await redactValue(parseJson(requestText), mask, secrets),
    status: response.status,
    response: await redactValue(parseJson(responseText), mask, secrets),
    ...(requestId ? { request_id: requestId } : {}),
    time: sent.time,
    attempt: about?.attempt ?? 1,
    duration_ms: sent.durationMs,
  };
}

function headerLine(options: RecorderOptions, now: () => Date): string {
  const header: RecordingHeader = {
    kind: 'recording',
    format: 1,
    site: options.site,
    ...(options.role ? { role: options.role } : {}),
    ...(options.label ? { label: options.label } : {}),
    spec_revision: SPEC_REVISION,
    started_at: now().toISOString(),
    redaction: 'secrets [redacted]; mobiles, e-mails, names and numbers masked by HMAC-SHA256 under an unwritten key',
  };
  return `${JSON.stringify(header)}\n`;
}

/** Creates a recorder and writes the recording's header line. */
export function createRecorder(options: RecorderOptions): Recorder {
  const redaction = {
    mask: createMask(options.key ?? crypto.getRandomValues(new Uint8Array(32))),
    secrets: options.secrets ?? [],
  };
  const now = options.now ?? (() => new Date());
  options.write(headerLine(options, now));
  let seq = 0;
  let written = 0;
  let chain: Promise<void> = Promise.resolve();
  // The transport tells onRequest, then calls fetch in the same tick: the event waiting here is this request's.
  let pending: RequestEvent | undefined;

  const recordingFetch =
    (inner: PartnerClientOptions['fetch']) =>
    async (request: Request): Promise<Response> => {
      const about = pending?.url === request.url ? pending : undefined;
      pending = undefined;
      const sent = { n: ++seq, time: now().toISOString(), durationMs: 0, site: options.site };
      const copy = request.clone();
      const sentAt = Date.now();
      const response = await (inner ?? globalThis.fetch)(request);
      sent.durationMs = Date.now() - sentAt;
      const line = capture(sent, about, { request: copy, response: response.clone() }, redaction);
      // Lines are written in the order the requests were sent; a capture that fails loses its line, not the call.
      chain = chain.then(() =>
        line.then(
          (l) => {
            options.write(`${JSON.stringify(l)}\n`);
            written++;
          },
          () => {},
        ),
      );
      return response;
    };

  return {
    attach(clientOptions) {
      const hooks = clientOptions.hooks ?? {};
      return {
        ...clientOptions,
        hooks: {
          ...hooks,
          onRequest(event) {
            pending = event;
            hooks.onRequest?.(event);
          },
        },
        fetch: recordingFetch(clientOptions.fetch),
      };
    },
    flush: () => chain,
    get written() {
      return written;
    },
  };
}
