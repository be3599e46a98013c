/**
 * Console recharge (reference §3): by online payment, credited at once, or by offline remittance, credited when Huawei
 * finance confirms it (ConfirmRemittance); either way a `RECHARGE` ledger row once the money is in. The methods
 * offered depend on the partner's contracting entity.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds } from '../../kernel/clock.js';
import { positiveAmount } from '../../kernel/money.js';
import type { Parties } from '../../kernel/parties.js';
import { newestCreatedFirst } from '../../kernel/paging.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { consolePartner, type PartnersWorld, profileOf, RECHARGE_METHODS } from '../partners/index.js';
import { rechargePartnerCash } from './control.js';
import { type FundsWorld, peekAccounts } from './state.js';
import { MAX_CASH, type RechargeEntry, type RechargesSlice } from './recharge-state.js';
import { rechargeView } from './recharge-views.js';

type C = ControlComponents['schemas'];

/** The part of a tenant's World recharges read and write. */
export type RechargeWorld = FundsWorld & PartnersWorld & RechargesSlice;

/** RechargePartnerAccount: online payment credits at once, offline remittance waits for ConfirmRemittance. */
export function recharge(world: RechargeWorld, input: C['RechargeRequest']): Result<C['Recharge']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const entity = profileOf(world, caller.value).contractingEntity;
  if (!RECHARGE_METHODS[entity].includes(input.method)) {
    const offered = RECHARGE_METHODS[entity];
    return fail(
      'CONSOLE.RECHARGE_NOT_OFFERED',
      `Recharge by ${input.method} ${input.method === 'online' ? 'payment' : 'remittance'} is not offered for contracting entity ${entity} (offered: ${offered.length ? offered.join(', ') : 'none'}).`,
    );
  }
  if (input.method === 'offline' && input.payment_channel !== undefined)
    return fail('CBC.0100', 'Invalid parameter: payment_channel is for online payments only.');
  if (input.method === 'online' && input.remitter_account !== undefined)
    return fail('CBC.0100', 'Invalid parameter: remitter_account is for offline remittances only.');
  const amount = positiveAmount(input.amount, 'amount');
  if (!amount.ok) return amount;
  if (peekAccounts(world, caller.value.id).cash + amount.value > MAX_CASH)
    return fail('CBC.0100', 'Invalid parameter: the cash balance would exceed 2147483647.');

  const now = world.clock.now();
  const entry: RechargeEntry = {
    id: `RC${utcSeconds(now).replace(/\D/g, '').slice(0, 8)}${world.random.digits(10)}`,
    partnerId: caller.value.id,
    method: input.method,
    amount: amount.value,
    status: input.method === 'online' ? 'completed' : 'pending',
    entity,
    ...(input.method === 'online' ? { channel: input.payment_channel ?? 'online_banking' } : {}),
    ...(input.remitter_account !== undefined ? { remitter: input.remitter_account } : {}),
    createdAt: now,
    ...(input.method === 'online' ? { completedAt: now } : {}),
    seq: ++world.recharges.seq,
  };
  if (entry.status === 'completed') rechargePartnerCash(world, entry.partnerId, entry.amount, 'online');
  world.recharges.entries.push(entry);
  return ok(rechargeView(entry));
}

/** ConfirmRemittance: Huawei finance received the money; the recharge completes and the cash is credited. */
export function confirmRemittance(world: RechargeWorld, input: C['ConfirmRemittanceRequest']): Result<C['Recharge']> {
  const entry = world.recharges.entries.find((r) => r.id === input.recharge_id);
  if (entry?.status !== 'pending')
    return fail('CONSOLE.RECHARGE_NOT_PENDING', `No pending offline remittance ${input.recharge_id}.`);
  if (peekAccounts(world, entry.partnerId).cash + entry.amount > MAX_CASH)
    return fail('CBC.0100', 'Invalid parameter: the cash balance would exceed 2147483647.');
  rechargePartnerCash(world, entry.partnerId, entry.amount, 'remittance');
  entry.status = 'completed';
  entry.completedAt = world.clock.now();
  return ok(rechargeView(entry));
}

/** ListRecharges: newest first. */
export function listRecharges(world: Parties & RechargesSlice, q: { partner_id: string }): Result<C['Recharges']> {
  const p = consolePartner(world, q.partner_id);
  if (!p.ok) return p;
  const mine = world.recharges.entries.filter((r) => r.partnerId === p.value.id).sort(newestCreatedFirst);
  return ok({ recharges: mine.map(rechargeView) });
}

/** Recharge invariants: a recharge is completed exactly when it has a completion time; only remittances wait. */
export function rechargeInvariants(world: RechargesSlice): string[] {
  const out: string[] = [];
  for (const r of world.recharges.entries) {
    if ((r.status === 'completed') !== (r.completedAt !== undefined))
      out.push(`console: recharge ${r.id} is ${r.status} with completedAt ${r.completedAt}`);
    if (r.status === 'pending' && r.method !== 'offline') out.push(`console: online recharge ${r.id} is pending`);
  }
  return out;
}
