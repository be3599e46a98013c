/**
 * The tenant registry. Every World belongs to a tenant: the default tenant has the demo partners (or the options'
 * partners); a control call creates more, each with fresh partners and credentials, so CI jobs sharing one server
 * never see each other's data. A real-API request finds its tenant by its access key or token, an IAM sign-in by
 * its user and domain, a control request by the `X-Mock-Tenant` header.
 */
import type { Partner, Settings } from '../kernel/parties.js';
import { createWorld, type World } from '../domain/world.js';
import type { components } from '../generated/control/schema.js';
import { FaultSet } from './faults.js';
import { JournalBudget } from './journal-budget.js';
import { RequestLog } from './request-log.js';
import { createStatefulClock, type TimeSource } from './time.js';

/** The id of the tenant that always exists. */
export const DEFAULT_TENANT = 'default';

/** What a tenant was created from: enough to rebuild its World from scratch. */
export interface TenantSeed {
  id: string;
  name: string;
  partners: Partner[];
  settings: Partial<Settings>;
  clockStart?: number;
  clockFrozen?: boolean;
  /** The tenant's own control token (created tenants; the default tenant has none). */
  controlToken?: string;
}

/** One isolated state and everything scoped to it. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  /** The current World (replaced on reset). */
  readonly world: World;
  readonly faults: FaultSet;
  readonly requests: RequestLog;
  /** The partners it was created with. */
  readonly seedPartners: readonly Partner[];
  /** Its control token (created tenants): reaches this tenant's control calls when the mock requires tokens. */
  readonly controlToken?: string;
}

/** Bounds of the request journals: per tenant (count, bytes) and for all tenants together (bytes). */
export interface JournalLimits {
  count: number;
  bytes: number;
  totalBytes: number;
}

/** A tenant as the app holds it: its seed, and a World it may replace. */
export interface LiveTenant extends Tenant {
  seed: TenantSeed;
  world: World;
}

/** The tenants of one mock, with the lookups requests need. */
export class TenantRegistry {
  /** Every tenant by id. */
  readonly all = new Map<string, LiveTenant>();
  private readonly byKey = new Map<string, LiveTenant>();
  private readonly budget: JournalBudget;

  constructor(
    private readonly time: TimeSource,
    private readonly journal: JournalLimits,
  ) {
    this.budget = new JournalBudget(journal.totalBytes);
  }

  /** A World as the seed describes it, its clock over the registry's time source. */
  freshWorld(seed: TenantSeed): World {
    const clock = createStatefulClock(this.time, { start: seed.clockStart, frozen: seed.clockFrozen });
    return createWorld(
      seed.partners.map((p) => ({ ...p })),
      seed.settings,
      clock,
    );
  }

  add(seed: TenantSeed, world = this.freshWorld(seed)): LiveTenant {
    const tenant: LiveTenant = {
      id: seed.id,
      name: seed.name,
      seed,
      world,
      faults: new FaultSet(),
      requests: new RequestLog({ count: this.journal.count, bytes: this.journal.bytes, budget: this.budget }),
      seedPartners: seed.partners,
      ...(seed.controlToken !== undefined ? { controlToken: seed.controlToken } : {}),
    };
    this.all.set(seed.id, tenant);
    return tenant;
  }

  /** Back to the seed's World: its partners only, the clock at its start. */
  reset(tenant: LiveTenant): void {
    tenant.world = this.freshWorld(tenant.seed);
  }

  get(id: string): LiveTenant | undefined {
    return this.all.get(id);
  }

  /** Forgets a tenant; nothing keeps it reachable (its World, journal and faults are freed with it). */
  delete(id: string): void {
    const tenant = this.all.get(id);
    if (!tenant) return;
    this.all.delete(id);
    for (const [ak, t] of this.byKey) if (t === tenant) this.byKey.delete(ak);
    tenant.requests.close();
  }

  /** The tenant whose control token this is. */
  byControlToken(token: string, same: (a: string, b: string) => boolean): LiveTenant | undefined {
    for (const t of this.all.values()) if (t.controlToken !== undefined && same(token, t.controlToken)) return t;
    return undefined;
  }

  default(): LiveTenant {
    return this.all.get(DEFAULT_TENANT)!;
  }

  /** The tenant whose World knows the access key (cached: most requests are signed). */
  byAccessKey(ak: string): LiveTenant | undefined {
    const cached = this.byKey.get(ak);
    if (cached && this.all.get(cached.id) === cached && cached.world.partnersByAccessKey.has(ak)) return cached;
    for (const t of this.all.values()) {
      if (t.world.partnersByAccessKey.has(ak)) {
        this.byKey.set(ak, t);
        return t;
      }
    }
    return undefined;
  }

  byToken(token: string): LiveTenant | undefined {
    for (const t of this.all.values()) if (t.world.tokens.has(token)) return t;
    return undefined;
  }

  byIamUser(user: string, domain: string): LiveTenant | undefined {
    for (const t of this.all.values())
      for (const p of t.world.partners.values()) if (p.iamUser === user && p.iamDomain === domain) return t;
    return undefined;
  }

  /** The control surface's list. */
  list(): components['schemas']['Tenants'] {
    return {
      tenants: [...this.all.values()].map((t) => ({
        tenant_id: t.id,
        name: t.name,
        partners: t.world.partners.size,
        customers: t.world.customers.size,
      })),
    };
  }
}
