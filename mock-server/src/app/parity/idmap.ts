/**
 * Identifiers learnt while replaying: where a recorded answer and the replayed one carry different ids at the same
 * place (`customer_id`, `transfer_id`, `quota_id`, `coupon_ids[]`…), the recorded id stands for the replayed one from
 * then on, and later requests are rewritten with it.
 */

/** Fields holding identifiers. */
const ID_FIELD = /(^id$|_id$|_ids$|^id_|_no$)/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The recorded → replayed identifiers of one replay. */
export class IdMap {
  readonly #ids = new Map<string, string>();

  /** Learns a pair directly (the recording partner's id → the tenant's). */
  set(recorded: string, replayed: string): void {
    if (recorded !== replayed && recorded !== '') this.#ids.set(recorded, replayed);
  }

  /** How many ids are mapped. */
  get size(): number {
    return this.#ids.size;
  }

  /** Learns the ids that differ between a recorded answer and the replayed one, walking both side by side. */
  learn(recorded: unknown, replayed: unknown, field = ''): void {
    if (Array.isArray(recorded) && Array.isArray(replayed)) {
      for (let i = 0; i < Math.min(recorded.length, replayed.length); i++) this.learn(recorded[i], replayed[i], field);
    } else if (isRecord(recorded) && isRecord(replayed)) {
      for (const [k, v] of Object.entries(recorded)) if (k in replayed) this.learn(v, replayed[k], k);
    } else if (typeof recorded === 'string' && typeof replayed === 'string' && ID_FIELD.test(field)) {
      this.set(recorded, replayed);
    }
  }

  /** A value with every recorded id replaced by its replayed counterpart. */
  apply<T>(value: T): T {
    if (typeof value === 'string') return (this.#ids.get(value) ?? value) as T;
    if (Array.isArray(value)) return value.map((v) => this.apply(v)) as T;
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.apply(v)])) as T;
    return value;
  }

  /** A path with each recorded id among its segments replaced. */
  applyPath(path: string): string {
    return path
      .split('/')
      .map((s) => this.#ids.get(decodeURIComponent(s)) ?? s)
      .join('/');
  }
}
