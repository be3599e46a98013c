/**
 * Scoped, deterministic fault injection. A rule belongs to one tenant, matches one operation (or every real-API
 * operation), and fires on the n-th matching call, on every call, or with a seeded probability, at most `times`
 * times. What it does: answer a 5xx, a 429 with `Retry-After`, delay the answer, reset the connection, or apply the
 * mutation and then fail the response.
 */
import { createRandom, type Random } from '../kernel/random.js';
import type { components } from '../generated/control/schema.js';

type C = components['schemas'];

/** What a fault rule does. */
export type FaultAction = C['FaultRuleRequest']['action'];
/** A rule as the control surface takes it (spec/mock-control.yaml#/components/schemas/FaultRuleRequest). */
export type FaultRuleInput = C['FaultRuleRequest'];
/** A rule with its id and counters (matching calls seen, times fired), as the control surface lists it. */
export type FaultRule = C['FaultRule'];

interface LiveRule {
  rule: FaultRule;
  random?: Random;
}

/** What a call without any rule gets (shared: callers only read it). */
const NO_FAULT: { readonly latencyMs: number } = Object.freeze({ latencyMs: 0 });

/** The faults of one tenant. */
export class FaultSet {
  private rules: LiveRule[] = [];
  private next = 1;

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, fault_id: `fault-${this.next++}`, calls: 0, fired: 0 };
    this.rules.push({ rule, ...(input.probability !== undefined ? { random: createRandom(input.seed ?? 1) } : {}) });
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  /** Removes one rule, or all of them; false when the id is unknown. */
  remove(faultId?: string): boolean {
    if (faultId === undefined) {
      this.rules = [];
      return true;
    }
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.fault_id !== faultId);
    return this.rules.length < before;
  }

  /**
   * The faults a call to `operation` triggers, in rule order. Every matching rule counts the call, fired or not, so
   * "the 3rd call" means the 3rd call whatever other rules did. At most one non-latency action applies (the first).
   */
  decide(operation: string): { latencyMs: number; action?: FaultRule } {
    if (this.rules.length === 0) return NO_FAULT;
    let latencyMs = 0;
    let action: FaultRule | undefined;
    for (const live of this.rules) {
      const r = live.rule;
      if (r.operation !== undefined && r.operation !== operation) continue;
      r.calls++;
      const limit = r.times ?? (r.nth !== undefined ? 1 : Infinity);
      if (r.fired >= limit) continue;
      let fires: boolean;
      if (r.nth !== undefined)
        fires = r.calls >= r.nth && (r.probability === undefined || live.random!.next() < r.probability);
      else if (r.probability !== undefined) fires = live.random!.next() < r.probability;
      else fires = true;
      if (!fires) continue;
      if (r.action === 'latency') {
        r.fired++;
        latencyMs += r.latency_ms ?? 0;
      } else if (!action) {
        r.fired++;
        action = r;
      }
    }
    return action ? { latencyMs, action: { ...action } } : { latencyMs };
  }
}
