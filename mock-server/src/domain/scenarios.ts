/**
 * Scenarios: typed, composable seed builders ("a distributor with two resellers, 3 customers, ¥10,000 allocated,
 * 2 vouchers"). A scenario is plain JSON data (a list of steps), so the same value seeds an in-process mock
 * (`applyScenario(world, spec)`), travels through the control surface (`POST /_mock/scenarios`), sits in a file for
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
import { describeIssues } from '@partner-center/sdk';
import { operations as controlOperations } from '../generated/control/operations.js';
import { apiHandlers } from '../http/handlers.js';
import { controlHandlers } from '../http/control.js';
import { apiOperations, checkInput, type RouteOperation } from '../http/router.js';
import { fail, ok, type Result } from '../kernel/result.js';
import type { Partner, PartnerRole, Site } from '../kernel/parties.js';
import type { World } from './world.js';

/** Who a step acts as: a partner id, a role (`distributor`, `reseller@cn`, `solution_provider@intl`, `intl`), a group or `group[i]`. */
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
  call: { operation: string; partner?: PartnerRef; for_each?: string; input?: Record<string, unknown>; group?: string };
}
export interface ControlStep {
  /** Any control operation (console-only set-up such as balances or quotas), optionally once per item of a group. */
  control: { operation: string; for_each?: string; input?: Record<string, unknown>; group?: string };
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
// Running a scenario

class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Groups = Map<string, ScenarioItem[]>;

/**
 * Applies a scenario to a world. Steps run in order through the handlers; the first refused step stops the run
 * with its error (the engine restores the world, so a failed scenario changes nothing).
 */
export function applyScenario(world: World, spec: ScenarioSpec): Result<ScenarioResult> {
  const groups: Groups = new Map();
  try {
    for (const [i, step] of spec.steps.entries()) runStep(world, step, groups, `step ${i + 1}`);
  } catch (e) {
    if (e instanceof StepError) return fail(e.code, e.message);
    throw e;
  }
  return ok({ groups: [...groups].map(([name, items]) => ({ name, items })) });
}

function runStep(world: World, step: ScenarioStep, groups: Groups, where: string) {
  if ('partners' in step) return partnersStep(world, step.partners, groups, where);
  if ('customers' in step) return customersStep(world, step.customers, groups, where);
  if ('call' in step) return callStep(world, step.call, groups, where);
  if ('control' in step) return controlStep(world, step.control, groups, where);
  throw new StepError('CBC.0100', `${where}: unknown step ${JSON.stringify(Object.keys(step))}`);
}

function push(groups: Groups, name: string, item: ScenarioItem) {
  const list = groups.get(name) ?? [];
  list.push(item);
  groups.set(name, list);
}

const partnerItem = (p: Partner): ScenarioItem => ({
  kind: 'partner',
  id: p.id,
  name: p.name,
  role: p.role,
  site: p.site,
  ...(p.parentId ? { partner_id: p.parentId } : {}),
  access_key: p.accessKey,
  secret_key: p.secretKey,
});

/** Resolves a partner reference to one or more partners. */
export function resolvePartners(world: World, ref: PartnerRef, groups: Groups = new Map()): Partner[] {
  const direct = world.partners.get(ref);
  if (direct) return [direct];
  const indexed = /^([\w-]+)\[(\d+)\]$/.exec(ref);
  const group = groups.get(indexed ? indexed[1]! : ref);
  if (group) {
    const items = indexed ? group.slice(Number(indexed[2]), Number(indexed[2]) + 1) : group;
    const partners = items
      .map((it) => world.partners.get(it.kind === 'partner' ? it.id : (it.partner_id ?? '')))
      .filter((p): p is Partner => !!p);
    if (partners.length) return partners;
  }
  const [role, site] = ref === 'intl' ? ['solution_provider', 'intl'] : ref.split('@');
  const found = [...world.partners.values()].find((p) => p.role === role && p.site === (site ?? 'cn'));
  if (found) return [found];
  throw new StepError(
    'CBC.0100',
    `no partner "${ref}" (a partner id, a role such as distributor or reseller@cn, or a group)`,
  );
}

function partnersStep(world: World, s: PartnersStep['partners'], groups: Groups, where: string) {
  const parent = s.parent ? resolvePartners(world, s.parent, groups)[0] : undefined;
  if (s.role === 'reseller' && parent?.role !== 'distributor')
    throw new StepError('CBC.0100', `${where}: a reseller needs a distributor as parent`);
  const site = s.site ?? parent?.site ?? 'cn';
  const group = s.group ?? `${s.role}s`;
  for (let i = 0; i < s.count; i++) {
    const id = world.random.hex(32);
    const key = world.random.hex(12).toUpperCase();
    const n = (groups.get(group)?.length ?? 0) + 1;
    const partner: Partner = {
      id,
      name: `${s.name_prefix ?? `Scenario ${s.role.replace('_', ' ')}`} ${n}`,
      role: s.role,
      site,
      ...(parent && s.role === 'reseller' ? { parentId: parent.id } : {}),
      accessKey: `PCSCN${key}`.padEnd(20, '0'),
      secretKey: `pcscn-secret-${world.random.hex(27)}`,
      iamUser: `scn-${key.toLowerCase()}-admin`,
      iamPassword: `Scn-${world.random.hex(8)}-Pass1`,
      iamDomain: `scn-${key.toLowerCase()}-domain`,
    };
    world.partners.set(partner.id, partner);
    world.partnersByAccessKey.set(partner.accessKey, partner);
    push(groups, group, partnerItem(partner));
  }
}

/** Runs a real-API operation as a partner, validating the input with the partner's site's validator. */
export function callOperation(world: World, partner: Partner, operationId: string, input: unknown): Result<unknown> {
  const op = apiOperations[partner.site][operationId];
  const handler = apiHandlers[operationId];
  if (!op || !handler)
    return fail(
      'CBC.0100',
      `operation ${operationId} does not exist on the ${partner.site} site or is not implemented by the mock`,
    );
  const value = validInput(op, operationId, input);
  return value.ok ? handler({ world, partner, input: value.value }) : value;
}

/** Runs a control operation (no reset: a scenario cannot reset the world it is seeding). */
export function callControl(world: World, operationId: string, input: unknown): Result<unknown> {
  const op = (controlOperations as Record<string, RouteOperation>)[operationId];
  const handler = controlHandlers[operationId];
  if (!op || !handler || operationId === 'Reset')
    return fail('CBC.0100', `control operation ${operationId} does not exist or cannot run in a scenario`);
  const value = validInput(op, operationId, input);
  return value.ok ? handler({ world, input: value.value, reset: () => {} }) : value;
}

/** The input as its operation's validator returns it (defaults filled), or CBC.0100 naming the broken rules. */
function validInput(op: RouteOperation, operationId: string, input: unknown): Result<unknown> {
  if (!op.body && !op.query) return ok(input);
  const verdict = checkInput(op, input ?? {});
  return verdict.ok ? ok(verdict.data) : fail('CBC.0100', `${operationId}: ${describeIssues(verdict.issues)}`);
}

function customersStep(world: World, s: CustomersStep['customers'], groups: Groups, where: string) {
  const owners = resolvePartners(world, s.partner ?? 'solution_provider', groups);
  const group = s.group ?? 'customers';
  const prefix = s.name_prefix ?? 'scn-customer';
  for (let i = 0; i < s.count; i++) {
    const owner = owners[i % owners.length]!;
    const n = (groups.get(group)?.length ?? 0) + 1;
    const tag = world.random.hex(8);
    const name = `${prefix}-${n}-${tag}`.slice(0, 32);
    const r = callOperation(world, owner, 'CreateSubCustomer', {
      xaccount_id: `scn-${tag}-${n}`,
      xaccount_type: 'scenario_IDP',
      domain_name: name,
      include_association_result: true,
      ...(owner.site === 'intl' ? { domain_area: 'SG' } : {}),
      ...(s.cooperation_type === '1' ? { cooperation_type: '1' } : {}),
    });
    if (!r.ok) throw new StepError(r.error.code, `${where}: customer ${n} for ${owner.name}: ${r.error.message}`);
    const value = r.value as { domain_id: string; domain_name: string };
    push(groups, group, { kind: 'customer', id: value.domain_id, name: value.domain_name, partner_id: owner.id });
  }
}

function eachItem(groups: Groups, forEach: string | undefined, where: string): (ScenarioItem | undefined)[] {
  if (!forEach) return [undefined];
  const items = groups.get(forEach);
  if (!items) throw new StepError('CBC.0100', `${where}: no group "${forEach}"`);
  return items;
}

function resultItem(value: unknown, index: number): ScenarioItem {
  const v = (value ?? {}) as Record<string, unknown>;
  const id = ['id', 'domain_id', 'customer_id', 'coupon_id', 'quota_id', 'trans_id', 'transfer_id']
    .map((k) => v[k])
    .find((x) => typeof x === 'string');
  return {
    kind: 'result',
    id: (id as string | undefined) ?? String(index),
    ...(value !== undefined ? { result: value } : {}),
  };
}

function callStep(world: World, s: CallStep['call'], groups: Groups, where: string) {
  eachItem(groups, s.for_each, where).forEach((item, index) => {
    const ctx = { item, index, groups, world };
    const partnerRef = s.partner
      ? String(interpolate(s.partner, ctx))
      : item?.kind === 'customer'
        ? item.partner_id!
        : 'solution_provider';
    const partner = resolvePartners(world, partnerRef, groups)[0]!;
    const r = callOperation(world, partner, s.operation, interpolate(s.input ?? {}, ctx));
    if (!r.ok)
      throw new StepError(r.error.code, `${where}: ${s.operation}${item ? ` for ${item.id}` : ''}: ${r.error.message}`);
    push(groups, s.group ?? s.operation, resultItem(r.value, index));
  });
}

function controlStep(world: World, s: ControlStep['control'], groups: Groups, where: string) {
  eachItem(groups, s.for_each, where).forEach((item, index) => {
    const r = callControl(world, s.operation, interpolate(s.input ?? {}, { item, index, groups, world }));
    if (!r.ok)
      throw new StepError(r.error.code, `${where}: ${s.operation}${item ? ` for ${item.id}` : ''}: ${r.error.message}`);
    push(groups, s.group ?? s.operation, resultItem(r.value, index));
  });
}

interface Ctx {
  item: ScenarioItem | undefined;
  index: number;
  groups: Groups;
  world: World;
}

const WHOLE = /^\{\{([^{}]+)\}\}$/;
const PART = /\{\{([^{}]+)\}\}/g;

function interpolate(value: unknown, ctx: Ctx): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1]!.trim(), ctx);
    return value.replace(PART, (_, expr: string) => String(lookup(expr.trim(), ctx)));
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, ctx));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, ctx)]));
  return value;
}

function lookup(expr: string, ctx: Ctx): unknown {
  if (expr === 'index') return ctx.index;
  if (expr.startsWith('partner:')) return resolvePartners(ctx.world, expr.slice(8), ctx.groups)[0]!.id;
  const m = /^([\w-]+)\[(\d+)\]\.(\w+)$/.exec(expr);
  const item = m ? ctx.groups.get(m[1]!)?.[Number(m[2])] : ctx.item;
  const field = m ? m[3]! : expr.replace(/^item\./, '');
  if (!item) throw new StepError('CBC.0100', `{{${expr}}}: no such item`);
  const v =
    field in item
      ? (item as unknown as Record<string, unknown>)[field]
      : (item.result as Record<string, unknown> | undefined)?.[field];
  if (v === undefined) throw new StepError('CBC.0100', `{{${expr}}}: the item has no ${field}`);
  return v;
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
