/**
 * The bytes all tenants' request journals may hold together. Each journal counts its own bytes against its own
 * limit; this budget sees them all, and when the total goes over it the biggest journal gives up its oldest entries
 * first, so a tenant that floods the mock pays before the quiet ones do.
 */

/** A journal as the budget sees it. */
export interface BudgetedJournal {
  /** Bytes it holds now. */
  readonly bytes: number;
  /** Drops its oldest entry; false when empty. */
  dropOldest(): boolean;
}

/** The shared byte budget of every tenant's request journal. */
export class JournalBudget {
  private readonly journals = new Set<BudgetedJournal>();
  private total = 0;
  constructor(readonly limit: number) {}

  /** Bytes held by all journals. */
  get bytes(): number {
    return this.total;
  }

  register(j: BudgetedJournal): void {
    this.journals.add(j);
  }

  /** Forgets a journal (its tenant was deleted): its bytes no longer count. */
  unregister(j: BudgetedJournal): void {
    if (this.journals.delete(j)) this.total -= j.bytes;
  }

  /** A journal's size changed by `delta` bytes; over the limit, the biggest journals shed their oldest entries. */
  changed(delta: number): void {
    this.total += delta;
    while (this.total > this.limit) {
      let biggest: BudgetedJournal | undefined;
      for (const j of this.journals) if (!biggest || j.bytes > biggest.bytes) biggest = j;
      if (!biggest?.dropOldest()) break;
    }
  }
}
