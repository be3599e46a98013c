/** The request journal of one tenant, for the control surface: what was asked, what was answered. */
import type { components } from '../generated/control/schema.js';

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
  /** The answer's body text (parsed when listed). */
  responseText?: string;
};

/** A request as the control surface lists it (ListRequests, the journal stream). */
export type ListedRequest = C['RequestRecord'];

/** The listed form of a record: its time as an ISO string, its answer parsed. */
function listed({ responseText, atMs, seq, ...r }: RequestRecord): ListedRequest {
  return {
    ...r,
    seq: seq!,
    at: new Date(atMs).toISOString(),
    ...(responseText !== undefined ? { response: JSON.parse(responseText) as unknown } : {}),
  };
}

/** A bounded log: the newest `limit` requests. */
export class RequestLog {
  private records: RequestRecord[] = [];
  private seq = 0;
  private readonly listeners = new Set<(request: ListedRequest) => void>();
  constructor(private readonly limit: number) {}

  add(record: RequestRecord) {
    record.seq = ++this.seq;
    this.records.push(record);
    // Live followers (the web console's journal stream) get each request as ListRequests would list it.
    if (this.listeners.size > 0) {
      const view = listed(record);
      for (const listener of this.listeners) listener(view);
    }
    // Trimmed in batches: splicing one record off the front on every request would copy the whole log each time.
    if (this.records.length >= this.limit * 2) this.records.splice(0, this.records.length - this.limit);
  }

  /** Requests in order (oldest first), filtered by operation, one page. */
  list(q: { operation?: string; offset?: number; limit?: number }): C['RequestJournal'] {
    const kept = this.records.length > this.limit ? this.records.slice(-this.limit) : this.records;
    const matches = q.operation ? kept.filter((r) => r.operation === q.operation) : kept;
    const offset = q.offset ?? 0;
    const page = matches.slice(offset, offset + (q.limit ?? 100));
    return {
      total_count: matches.length,
      requests: page.map(listed),
    };
  }

  /** Calls `listener` with every request added from now on; returns the unsubscribe function. */
  subscribe(listener: (request: ListedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear() {
    this.records = [];
  }
}
