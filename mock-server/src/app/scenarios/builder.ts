/**
 * Scenarios: typed, composable seed builders ("a distributor with two resellers, 3 customers, ¥10,000 allocated,
 * 2 vouchers"). A scenario is plain JSON data (a list of steps), so the same value seeds an in-process mock
 * (`createMock({ scenario })`, `engine.applyScenario(spec)`), travels through the control surface (`POST /_mock/scenarios`), sits in a file for
 * the CLI (`--scenario file.json`), and replays deterministically from the state journal.
 *
 * Steps do not write the World behind the domain's back: customers are created, funds allocated and vouchers
 * issued by running the real operations' handlers (validated by the spec's validators) as the right partner, and
 * console-only set-up (balances, quotas) by running control operations. So scenarios grow with the handler tables:
 * any operation a domain registers can be a step (`call` / `control`), and the builder's conveniences are thin
 * wrappers that produce such steps. Only partners are created directly, since no API creates them.
 *
 * Interpolation: inside a step's `input` (and its `partner`), `{{id}}`, `{{index}}`, `{{name}}`, `{{partner_id}}`
 * refer to the current `for_each` item; `{{group[i].field}}` to an item of an earlier group; `{{partner:ref}}` to a
 * partner's id. A string that is exactly one `{{…}}` takes the referenced value's type (a number stays a number).
 */
import { fail, ok, type Result } from '../../kernel/result.js';
import type { PartnerRole, Site } from '../../kernel/parties.js';

export type PartnerRef = string;

export interface PartnersStep {
  partners: {
    count: number;
    role: PartnerRole;
    site?: Site;
    parent?: PartnerRef;
    group?: string;
    name_prefix?: string;
  };
}
export interface CustomersStep {
  /** Customers created through CreateSubCustomer; `partner` may be a group (customers spread round-robin over it). */
  customers: {
    count: number;
    partner?: PartnerRef;
    group?: string;
    cooperation_type?: '1' | '2';
    name_prefix?: string;
  };
}
export interface CallStep {
  /** Any real-API operation, as a partner, optionally once per item of a group; results become a group. */
  call: { operation: string; partner?: PartnerRef; for_each?: string; input?: unknown; group?: string };
}
export interface ControlStep {
  /** Any control operation (console-only set-up such as balances or quotas), optionally once per item of a group. */
  control: { operation: string; for_each?: string; input?: unknown; group?: string };
}
export type ScenarioStep = PartnersStep | CustomersStep | CallStep | ControlStep;

/** A scenario: JSON data, so it travels through the control surface and files unchanged. */
export interface ScenarioSpec {
  name?: string;
  steps: ScenarioStep[];
}

/** Something a step made: a partner (with credentials), a customer, or an operation's result. */
export interface ScenarioItem {
  kind: 'partner' | 'customer' | 'result';
  id: string;
  name?: string;
  /** A customer's partner, or a reseller's distributor. */
  partner_id?: string;
  role?: PartnerRole;
  site?: Site;
  access_key?: string;
  secret_key?: string;
  result?: unknown;
}

export interface ScenarioResult {
  groups: { name: string; items: ScenarioItem[] }[];
}

// ---------------------------------------------------------------------------------------------------------------
// The builder

/** Options of the `customers` convenience. */
export interface CustomersOptions {
  partner?: PartnerRef;
  group?: string;
  cooperationType?: '1' | '2';
  namePrefix?: string;
}

/** A typed builder producing a {@link ScenarioSpec}; builders compose with `.then(other)`. */
export class ScenarioBuilder {
  constructor(
    readonly steps: readonly ScenarioStep[] = [],
    readonly name?: string,
  ) {}

  private add(step: ScenarioStep): ScenarioBuilder {
    return new ScenarioBuilder([...this.steps, step], this.name);
  }

  /** Names the scenario. */
  named(name: string): ScenarioBuilder {
    return new ScenarioBuilder(this.steps, name);
  }

  /** New partners of a role (with fresh credentials). */
  partners(
    count: number,
    role: PartnerRole,
    options: { site?: Site; parent?: PartnerRef; group?: string; namePrefix?: string } = {},
  ): ScenarioBuilder {
    return this.add({
      partners: {
        count,
        role,
        ...(options.site ? { site: options.site } : {}),
        ...(options.parent ? { parent: options.parent } : {}),
        ...(options.group ? { group: options.group } : {}),
        ...(options.namePrefix ? { name_prefix: options.namePrefix } : {}),
      },
    });
  }

  /** Tier-2 resellers under a distributor (default: the first China distributor), in group `resellers` by default. */
  resellers(count: number, options: { distributor?: PartnerRef; group?: string } = {}): ScenarioBuilder {
    return this.partners(count, 'reseller', {
      parent: options.distributor ?? 'distributor',
      group: options.group ?? 'resellers',
    });
  }

  /** Customers created through CreateSubCustomer, in group `customers` by default. */
  customers(count: number, options: CustomersOptions = {}): ScenarioBuilder {
    return this.add({
      customers: {
        count,
        ...(options.partner ? { partner: options.partner } : {}),
        ...(options.group ? { group: options.group } : {}),
        ...(options.cooperationType ? { cooperation_type: options.cooperationType } : {}),
        ...(options.namePrefix ? { name_prefix: options.namePrefix } : {}),
      },
    });
  }

  /** Any real-API operation as a partner, optionally once per item of a group. */
  call(
    operation: string,
    input: Record<string, unknown> = {},
    options: { partner?: PartnerRef; forEach?: string; group?: string } = {},
  ): ScenarioBuilder {
    return this.add({
      call: {
        operation,
        input,
        ...(options.partner ? { partner: options.partner } : {}),
        ...(options.forEach ? { for_each: options.forEach } : {}),
        ...(options.group ? { group: options.group } : {}),
      },
    });
  }

  /** Any control operation, optionally once per item of a group. */
  control(
    operation: string,
    input: Record<string, unknown> = {},
    options: { forEach?: string; group?: string } = {},
  ): ScenarioBuilder {
    return this.add({
      control: {
        operation,
        input,
        ...(options.forEach ? { for_each: options.forEach } : {}),
        ...(options.group ? { group: options.group } : {}),
      },
    });
  }

  // ---- Conveniences over the funds and coupon operations (steps as any client would make them) ----

  /** Sets a partner's balances as Huawei would (control SetPartnerFunds), in yuan. */
  funds(partner: PartnerRef, amounts: { cash?: number; credit?: number }): ScenarioBuilder {
    return this.control('SetPartnerFunds', {
      partner_id: `{{partner:${partner}}}`,
      ...(amounts.cash !== undefined ? { cash_amount: amounts.cash } : {}),
      ...(amounts.credit !== undefined ? { credit_amount: amounts.credit } : {}),
    });
  }

  /** A distributor funds resellers (UpdateIndirectPartnerAccount): each reseller of `to` gets `amount` yuan. */
  fundResellers(amount: number, options: { distributor?: PartnerRef; to?: string } = {}): ScenarioBuilder {
    return this.call(
      'UpdateIndirectPartnerAccount',
      { indirect_partner_id: '{{id}}', amount },
      { partner: options.distributor ?? 'distributor', forEach: options.to ?? 'resellers' },
    );
  }

  /**
   * Allocates funds to customers (UpdateCustomerAccountAmount, as each customer's own partner): one amount for every
   * customer of the group, or a list of amounts for its first customers in order.
   */
  allocate(amount: number | number[], options: { to?: string; group?: string } = {}): ScenarioBuilder {
    const to = options.to ?? 'customers';
    const group = options.group ?? 'allocations';
    if (!Array.isArray(amount))
      return this.call('UpdateCustomerAccountAmount', { customer_id: '{{id}}', amount }, { forEach: to, group });
    return amount.reduce<ScenarioBuilder>(
      (b, a, i) =>
        b.call(
          'UpdateCustomerAccountAmount',
          { customer_id: `{{${to}[${i}].id}}`, amount: a },
          { partner: `{{${to}[${i}].partner_id}}`, group },
        ),
      this,
    );
  }

  /** Grants a partner a voucher (type 0) or cash-coupon (type 1) quota, as Huawei would (control GrantCouponQuota). */
  couponQuota(partner: PartnerRef, value: number, options: { type?: 0 | 1; group?: string } = {}): ScenarioBuilder {
    return this.control(
      'GrantCouponQuota',
      { partner_id: `{{partner:${partner}}}`, quota_value: value, quota_type: options.type ?? 0 },
      { group: options.group ?? 'quotas' },
    );
  }

  /** Issues `count` coupons of `faceValue` yuan to the first customers of a group (CreatePartnerCoupons) from a quota. */
  vouchers(
    count: number,
    faceValue: number,
    options: { quota?: string; to?: string; partner?: PartnerRef; group?: string } = {},
  ): ScenarioBuilder {
    const to = options.to ?? 'customers';
    return this.call(
      'CreatePartnerCoupons',
      {
        quota_id: `{{${options.quota ?? 'quotas[0]'}.id}}`,
        face_value: faceValue,
        customer_ids: Array.from({ length: count }, (_, i) => `{{${to}[${i}].id}}`),
      },
      { partner: options.partner ?? `{{${to}[0].partner_id}}`, group: options.group ?? 'vouchers' },
    );
  }

  /** This scenario followed by another. */
  // biome-ignore lint/suspicious/noThenProperty: public builder API since 0.0.0 (`scenario().then(other)`); renaming it is a breaking change
  then(other: ScenarioBuilder | ScenarioSpec): ScenarioBuilder {
    return new ScenarioBuilder([...this.steps, ...other.steps], this.name ?? other.name);
  }

  build(): ScenarioSpec {
    return { ...(this.name ? { name: this.name } : {}), steps: [...this.steps] };
  }

  toJSON(): ScenarioSpec {
    return this.build();
  }
}

/** Starts a scenario. */
export function scenario(name?: string): ScenarioBuilder {
  return new ScenarioBuilder([], name);
}
// ---------------------------------------------------------------------------------------------------------------
// Named scenarios (CLI `--scenario <name>`, control `{"name": …}` without steps)

/** Built-in scenarios, by name. Each is a function of the handler tables, so it grows as domains land. */
export const namedScenarios: Record<string, () => ScenarioSpec> = {
  /** Three customers of the demo solution provider. */
  customers: () => scenario('customers').customers(3).build(),
  /**
   * A distributor with two resellers; the first reseller has three customers, ¥10,000 from the distributor, all of
   * it allocated to its customers (4,000 + 3,000 + 3,000), a ¥1,000 voucher quota and two ¥100 vouchers issued.
   */
  distributor: () =>
    scenario('distributor')
      .resellers(2)
      .customers(3, { partner: 'resellers[0]' })
      .funds('distributor', { cash: 10_000 })
      .call(
        'UpdateIndirectPartnerAccount',
        { indirect_partner_id: '{{resellers[0].id}}', amount: 10_000 },
        { partner: 'distributor' },
      )
      .allocate([4_000, 3_000, 3_000])
      .couponQuota('resellers[0]', 1_000)
      .vouchers(2, 100)
      .build(),
};

/** A scenario by name, or the given spec. */
export function scenarioSpec(input: { name?: string; steps?: ScenarioStep[] }): Result<ScenarioSpec> {
  if (input.steps) return ok({ ...(input.name ? { name: input.name } : {}), steps: input.steps });
  const named = input.name ? namedScenarios[input.name] : undefined;
  if (!named)
    return fail('CBC.0100', `no scenario named "${input.name}"; known: ${Object.keys(namedScenarios).join(', ')}`);
  return ok(named());
}
