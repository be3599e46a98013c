/**
 * Reading a recording (the SDK's `createRecorder` NDJSON): the header line, then one exchange per line. Attempts the
 * SDK retried are dropped (a later line of the same call has the next attempt), so only each call's final answer is
 * compared: a transient 503 of the real service is not a parity difference.
 */
import type { RecordedExchange, RecordingHeader } from '@partner-center/sdk';

export type { RecordedExchange, RecordingHeader } from '@partner-center/sdk';

/** A parsed recording. */
export interface Recording {
  header: RecordingHeader;
  /** The exchanges to replay, in the order they were sent. */
  exchanges: RecordedExchange[];
  /** Attempts dropped because the SDK sent the call again. */
  retried: number;
}

/** A recording that cannot be read, with the line at fault. */
export class RecordingError extends Error {
  override name = 'RecordingError';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkExchange(v: Record<string, unknown>, line: number): RecordedExchange {
  for (const [field, type] of [
    ['seq', 'number'],
    ['operation', 'string'],
    ['method', 'string'],
    ['path', 'string'],
    ['status', 'number'],
    ['time', 'string'],
  ] as const) {
    if (typeof v[field] !== type) throw new RecordingError(`line ${line}: ${field} must be a ${type}`);
  }
  if (Number.isNaN(Date.parse(v.time as string))) throw new RecordingError(`line ${line}: time is not a date`);
  return { query: {}, attempt: 1, duration_ms: 0, site: 'cn', ...v } as RecordedExchange;
}

/** Parses the NDJSON text of a recording; throws a RecordingError naming the line at fault. */
export function parseRecording(text: string): Recording {
  let header: RecordingHeader | undefined;
  const all: RecordedExchange[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      throw new RecordingError(`line ${i + 1}: not JSON (${(e as Error).message})`);
    }
    if (!isRecord(v)) throw new RecordingError(`line ${i + 1}: not an object`);
    if (v.kind === 'recording') {
      if (header) throw new RecordingError(`line ${i + 1}: a second header`);
      if (v.site !== 'cn' && v.site !== 'intl') throw new RecordingError(`line ${i + 1}: site must be cn or intl`);
      header = v as unknown as RecordingHeader;
    } else if (v.kind === 'exchange') {
      if (!header) throw new RecordingError(`line ${i + 1}: an exchange before the header line`);
      all.push(checkExchange({ site: header.site, ...v }, i + 1));
    } else throw new RecordingError(`line ${i + 1}: kind must be recording or exchange`);
  });
  if (!header) throw new RecordingError('no header line ({"kind":"recording",…})');
  all.sort((a, b) => a.seq - b.seq);
  const exchanges = all.filter(
    (x, i) =>
      !all.slice(i + 1).some((y) => y.operation === x.operation && y.path === x.path && y.attempt === x.attempt + 1),
  );
  return { header, exchanges, retried: all.length - exchanges.length };
}
