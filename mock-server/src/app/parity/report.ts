/**
 * The parity report: per operation, exchanges matched and differing; each difference named (kind, field, recorded
 * and replayed values) with the exchange it came from (its seq and recorded request id). Differences listed as known
 * mock choices are reported apart and do not count. Text for a terminal, markdown for a CI summary or an issue.
 */
import { DIFFERENCE_KINDS, type Difference } from './compare.js';
import type { ExchangeResult, ParityResult } from './replay.js';

/** A difference accepted as a deliberate mock choice: matched by operation, kind and (optionally) field path. */
export interface KnownDifference {
  operation: string;
  kind: Difference['kind'];
  path?: string;
  /** Why it is accepted (an issue link, the x-note). */
  reason?: string;
}

/** Per-operation counts. */
export interface OperationSummary {
  operation: string;
  exchanges: number;
  matched: number;
  differing: number;
}

/** A result with known differences set apart, and its totals. */
export interface ParitySummary {
  result: ParityResult;
  operations: OperationSummary[];
  total: number;
  matched: number;
  differing: number;
  /** matched / total, 1 for an empty recording. */
  parity: number;
  /** Differences matched by a known-difference entry, per exchange seq. */
  known: { seq: number; operation: string; difference: Difference }[];
}

const isKnown = (x: ExchangeResult, d: Difference, known: readonly KnownDifference[]) =>
  known.some((k) => k.operation === x.operation && k.kind === d.kind && (k.path === undefined || k.path === d.path));

/** Totals of a result, with the known differences set apart. */
export function summarize(result: ParityResult, known: readonly KnownDifference[] = []): ParitySummary {
  const knownOut: ParitySummary['known'] = [];
  const exchanges = result.exchanges.map((x) => {
    const differences = x.differences.filter((d) => {
      if (!isKnown(x, d, known)) return true;
      knownOut.push({ seq: x.seq, operation: x.operation, difference: d });
      return false;
    });
    return { ...x, differences };
  });
  const byOp = new Map<string, OperationSummary>();
  for (const x of exchanges) {
    const s = byOp.get(x.operation) ?? { operation: x.operation, exchanges: 0, matched: 0, differing: 0 };
    s.exchanges++;
    if (x.differences.length) s.differing++;
    else s.matched++;
    byOp.set(x.operation, s);
  }
  const matched = exchanges.filter((x) => x.differences.length === 0).length;
  return {
    result: { ...result, exchanges },
    operations: [...byOp.values()],
    total: exchanges.length,
    matched,
    differing: exchanges.length - matched,
    parity: exchanges.length ? matched / exchanges.length : 1,
    known: knownOut,
  };
}

const show = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));
const shortValue = (v: unknown): string => {
  const s = show(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** One line naming a difference: `missing-field customer_infos[].label: recorded "x", replayed absent`. */
export function describeDifference(d: Difference): string {
  return `${d.kind}${d.path ? ` ${d.path}` : ''}: recorded ${shortValue(d.recorded)}, replayed ${shortValue(d.replayed)}`;
}

const sorted = (ds: Difference[]) =>
  [...ds].sort((a, b) => DIFFERENCE_KINDS.indexOf(a.kind) - DIFFERENCE_KINDS.indexOf(b.kind));
const from = (x: ExchangeResult) => `#${x.seq}${x.requestId ? ` (request ${x.requestId})` : ''}`;
const pct = (s: ParitySummary) => `${(Math.floor(s.parity * 1000) / 10).toFixed(1)} %`;

/** The report as plain text. */
export function formatText(s: ParitySummary): string {
  const r = s.result;
  const lines = [
    `parity ${pct(s)}: ${s.matched} of ${s.total} exchanges match (${r.header.site}, ${r.against})`,
    ...r.seeded.map((x) => `seeded: ${x}`),
    ...(r.retried ? [`skipped: ${r.retried} attempt(s) the SDK retried`] : []),
    '',
  ];
  for (const op of s.operations) {
    lines.push(`${op.differing ? 'DIFF' : 'ok  '} ${op.operation}: ${op.matched}/${op.exchanges} matched`);
    for (const x of r.exchanges.filter((e) => e.operation === op.operation && e.differences.length))
      for (const d of sorted(x.differences)) lines.push(`       ${from(x)} ${describeDifference(d)}`);
  }
  if (s.known.length) lines.push('', `known differences (not counted): ${s.known.length}`);
  for (const k of s.known) lines.push(`       #${k.seq} ${k.operation} ${describeDifference(k.difference)}`);
  return `${lines.join('\n')}\n`;
}

const cell = (v: string) => v.replace(/\|/g, '\\|');

/** The report as markdown (a CI job summary, an issue). */
export function formatMarkdown(s: ParitySummary): string {
  const r = s.result;
  const out = [
    `## Parity ${pct(s)}`,
    '',
    `${s.matched} of ${s.total} exchanges match (site \`${r.header.site}\`, ${cell(r.against)}).`,
    ...(r.seeded.length ? ['', `Seeded: ${r.seeded.join('; ')}.`] : []),
    '',
    '| operation | exchanges | matched | differing |',
    '| --- | ---: | ---: | ---: |',
    ...s.operations.map((o) => `| ${o.operation} | ${o.exchanges} | ${o.matched} | ${o.differing} |`),
  ];
  const differing = r.exchanges.filter((x) => x.differences.length);
  if (differing.length) {
    out.push('', '### Differences', '', '| exchange | operation | kind | field | recorded | replayed |');
    out.push('| --- | --- | --- | --- | --- | --- |');
    for (const x of differing)
      for (const d of sorted(x.differences))
        out.push(
          `| ${from(x)} | ${x.operation} | ${d.kind} | ${cell(d.path ?? '')} | ${cell(shortValue(d.recorded))} | ${cell(shortValue(d.replayed))} |`,
        );
  }
  if (s.known.length) out.push('', `${s.known.length} known difference(s) not counted.`);
  return `${out.join('\n')}\n`;
}
