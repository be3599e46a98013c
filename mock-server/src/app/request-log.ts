/** The request journal of one tenant, for the control surface: what was asked, what was answered. */
import type { components } from '../generated/control/schema.js';
import type { BudgetedJournal, JournalBudget } from './journal-budget.js';
import { JOURNAL_BODY_BYTES, redactSecrets } from './journal-payload.js';

type C = components['schemas'];

/**
 * One real-API request as the engine saw it: the control surface's RequestRecord
 * (spec/mock-control.yaml#/components/schemas/RequestRecord) before listing, with the virtual time in epoch ms and
 * the answer's body as text (both converted only when listed) and the sequence number given when kept.
 */
export type RequestRecord = Omit<C['RequestRecord'], 'seq' | 'at' | 'response'> & {
  seq?: number;
  /** Virtual time of the request, epoch ms (listed as an ISO string, `at`). */
  atMs: number;
  /** The answer's body text (parsed, and its secrets redacted, when listed). */
  responseText?: string;
  /** What the record weighs, in bytes (about: the body and answer sizes plus a fixed part). */
  bytes?: number;
};

/** What a record costs besides its body and answer (fields, strings, the object itself). */
const RECORD_OVERHEAD = 400;
/** What a truncated body weighs: `{"truncated":true,"size":…,"sha256":"<64 hex>"}`. */
const TRUNCATED_BYTES = 128;

/** Limits of a tenant's journal. */
export interface RequestLogLimits {
  /** Newest requests kept (default 1,000). */
  count: number;
  /** Bytes kept (default 4 MiB). */
  bytes: number;
  /** The budget shared with every other tenant's journal. */
  budget?: JournalBudget;
}

/** A bounded log: the newest requests, at most `count` of them and `bytes` of them, oldest out first. */
/** A request as the control surface lists it (ListRequests, the journal stream). */
export type ListedRequest = C['RequestRecord'];

/** The listed form of a record: its time as an ISO string, its answer parsed with secrets redacted. */
function listed({ responseText, atMs, seq, bytes: _bytes, ...r }: RequestRecord): ListedRequest {
  return {
    ...r,
    seq: seq!,
    at: new Date(atMs).toISOString(),
    ...(responseText !== undefined ? { response: redactSecrets(JSON.parse(responseText)) } : {}),
  };
}

export class RequestLog implements BudgetedJournal {
  private records: RequestRecord[] = [];
  /** Index of the oldest kept record (records before it were dropped; compacted in batches). */
  private head = 0;
  private seq = 0;
  private readonly listeners = new Set<(request: ListedRequest) => void>();
  private size = 0;
  private readonly limits: RequestLogLimits;
  constructor(limits: number | Partial<RequestLogLimits>) {
    const l = typeof limits === 'number' ? { count: limits } : limits;
    this.limits = {
      count: l.count ?? 1_000,
      bytes: l.bytes ?? 4 * 1024 * 1024,
      ...(l.budget ? { budget: l.budget } : {}),
    };
    this.limits.budget?.register(this);
  }

  /** Bytes held. */
  get bytes(): number {
    return this.size;
  }

  /** Keeps a record; `bodyBytes` is the size of the request body or query it was made from. */
  add(record: RequestRecord, bodyBytes = 0) {
    record.seq = ++this.seq;
    // A big body is kept as its size and hash (journal-payload.ts): it weighs what is kept, not what was sent.
    const kept = bodyBytes > JOURNAL_BODY_BYTES ? TRUNCATED_BYTES : bodyBytes;
    record.bytes = RECORD_OVERHEAD + kept + (record.responseText?.length ?? 0);
    this.records.push(record);
    // Live followers (the web console's journal stream) get each request as ListRequests would list it.
    if (this.listeners.size > 0) {
      const view = listed(record);
      for (const listener of this.listeners) listener(view);
    }
    this.size += record.bytes;
    let delta = record.bytes;
    while (this.records.length - this.head > this.limits.count || this.size > this.limits.bytes) {
      const dropped = this.shift();
      if (dropped === 0) break;
      delta -= dropped;
    }
    this.limits.budget?.changed(delta);
  }

  /** Calls `listener` with every request added from now on; returns the unsubscribe function. */
  subscribe(listener: (request: ListedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops the oldest record (for the shared budget). */
  dropOldest(): boolean {
    const dropped = this.shift();
    if (dropped === 0) return false;
    this.limits.budget?.changed(-dropped);
    return true;
  }

  /** Requests in order (oldest first), filtered by operation, one page. */
  list(q: { operation?: string; offset?: number; limit?: number }): C['RequestJournal'] {
    const kept = this.head ? this.records.slice(this.head) : this.records;
    const matches = q.operation ? kept.filter((r) => r.operation === q.operation) : kept;
    const offset = q.offset ?? 0;
    const page = matches.slice(offset, offset + (q.limit ?? 100));
    return {
      total_count: matches.length,
      requests: page.map(listed),
    };
  }

  clear() {
    const held = this.size;
    this.records = [];
    this.head = 0;
    this.size = 0;
    this.limits.budget?.changed(-held);
  }

  /** Clears the journal and leaves the shared budget (the tenant is gone). */
  close() {
    this.clear();
    this.limits.budget?.unregister(this);
  }

  /** Removes the oldest record; returns its bytes (0 when empty). */
  private shift(): number {
    if (this.head >= this.records.length) return 0;
    const r = this.records[this.head]!;
    this.records[this.head] = undefined as never;
    this.head++;
    // Compacted in batches: splicing one record off the front each time would copy the whole log each time.
    if (this.head >= 1_024 && this.head * 2 >= this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
    this.size -= r.bytes ?? 0;
    return r.bytes ?? 0;
  }
}
