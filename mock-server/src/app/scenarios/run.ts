/**
 * Running a scenario against a World: steps run in order through the real operations' handlers (inputs checked by
 * the spec's validators), as the right partner; the first refused step stops the run with its error. Only partners
 * are created directly, since no API creates them. The engine runs scenarios with rollback (app/core.ts), so a
 * failed scenario changes nothing.
 */
import { describeIssues } from '@partner-center/sdk/internal';
import { fail, ok, type Result } from '../../kernel/result.js';
import type { Partner } from '../../kernel/parties.js';
import type { World } from '../../domain/world.js';
import { apiHandlerFor } from '../../operations/api.js';
import { apiOperations, checkInput, controlOperations, type RouteOperation } from '../../operations/catalog.js';
import { controlHandlerFor } from '../../operations/control.js';
import type {
  CallStep,
  ControlStep,
  CustomersStep,
  PartnerRef,
  PartnersStep,
  ScenarioItem,
  ScenarioResult,
  ScenarioSpec,
  ScenarioStep,
} from './builder.js';

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
  const handler = apiHandlerFor(operationId);
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
  const op = controlOperations[operationId];
  const handler = controlHandlerFor(operationId);
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
