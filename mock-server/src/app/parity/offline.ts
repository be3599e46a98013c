/**
 * Two recordings compared with each other, no mock involved: the same integration recorded against two versions of
 * the mock (or the real service and the mock). Exchanges are paired in order; ids,
 * names and times are compared by type only, so neither side's ids need mapping.
 */
import { compareAnswers } from './compare.js';
import { parseRecording, type Recording } from './recording.js';
import type { ExchangeResult, ParityResult } from './replay.js';

/** Compares `recording` (the reference) with `other`, exchange by exchange. */
export function compareRecordings(recording: string | Recording, other: string | Recording): ParityResult {
  const a = typeof recording === 'string' ? parseRecording(recording) : recording;
  const b = typeof other === 'string' ? parseRecording(other) : other;
  const exchanges: ExchangeResult[] = a.exchanges.map((x, i) => {
    const y = b.exchanges[i];
    const replayed = y && y.operation === x.operation ? y : undefined;
    const differences = replayed
      ? compareAnswers(
          a.header.site,
          x.operation,
          { status: x.status, body: x.response },
          { status: replayed.status, body: replayed.response },
        )
      : [{ kind: 'status' as const, recorded: x.status, replayed: y ? `${y.operation} instead` : 'absent' }];
    return {
      seq: x.seq,
      operation: x.operation,
      method: x.method,
      path: x.path,
      recordedStatus: x.status,
      replayedStatus: replayed?.status ?? 0,
      ...(x.request_id ? { requestId: x.request_id } : {}),
      differences,
    };
  });
  return {
    header: a.header,
    against: `recording ${b.header.label ?? b.header.started_at}`,
    exchanges,
    seeded: [],
    retried: a.retried,
  };
}
