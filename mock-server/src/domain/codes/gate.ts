/**
 * The console's verification-code gate (seed row 21): when a partner turns it on, its sensitive console actions need
 * a code sent to its operator's mobile (ListSentCodes, scene 0). The real API operations are never gated. Commands
 * check the gate last among their checks, since a wrong code counts a try (as registration codes do).
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { MINUTE } from '../../kernel/clock.js';
import type { Parties, Partner } from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { consolePartner } from '../partners/index.js';
import { type CodesSlice, checkCode, codeRefusal, issueCode, type VerificationCode } from './codes.js';

type C = ControlComponents['schemas'];

/** The verification-code confirmation of a partner's console. */
export interface GateSetting {
  enabled: boolean;
  /** The operator mobile the codes go to. */
  mobile: string;
}

/** What the gate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface GateSlice {
  /** Gate settings, by partner id (only the partners that changed theirs). */
  gates: Map<string, GateSetting>;
}

/** The part of a tenant's World the gate reads and writes. */
export type GateWorld = Parties & CodesSlice & GateSlice;

export function createGates(): GateSlice['gates'] {
  return new Map();
}

/** The scene of console confirmation codes in ListSentCodes (registration is 29, bank-card real-name 18). */
export const CONSOLE_CODE_SCENE = 0;
const CODE_VALIDITY_MS = 10 * MINUTE;

/** The control operations that need a verification code while the partner's confirmation is on (seed row 21). */
export const GATED_ACTIONS = [
  'BatchAllocate',
  'BatchReclaimCoupons',
  'IssuePickupCoupons',
  'ReclaimPickupCoupons',
  'RequestAssociationTypeSwitch',
  'RequestDisassociation',
  'DecideAssociationAsPartner',
  'WithdrawRebate',
] as const;

/** A stable operator mobile for a partner that did not name one: `139` and 8 digits from its id. */
function defaultMobile(partnerId: string): string {
  const hex = partnerId.replace(/[^0-9a-f]/gi, '').slice(0, 8) || '0';
  return `139${String(parseInt(hex, 16) % 100_000_000).padStart(8, '0')}`;
}

/** A partner's gate setting, the default (off, a mobile derived from its id) when it never set one. */
export function gateOf(world: GateSlice, partnerId: string): GateSetting {
  return world.gates.get(partnerId) ?? { enabled: false, mobile: defaultMobile(partnerId) };
}

function gateView(world: GateSlice, partnerId: string): C['ConsoleVerification'] {
  const g = gateOf(world, partnerId);
  return { partner_id: partnerId, enabled: g.enabled, mobile_phone: g.mobile, gated_actions: [...GATED_ACTIONS] };
}

/** SetConsoleVerification. */
export function setVerification(
  world: GateWorld,
  input: C['SetConsoleVerificationRequest'],
): Result<C['ConsoleVerification']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const current = gateOf(world, p.value.id);
  world.gates.set(p.value.id, { enabled: input.enabled, mobile: input.mobile_phone ?? current.mobile });
  return ok(gateView(world, p.value.id));
}

/** SendConsoleVerificationCode: a code to the partner's operator mobile, within the mobile's send caps. */
export function sendConsoleCode(
  world: GateWorld,
  input: C['SendConsoleVerificationCodeRequest'],
): Result<C['ConsoleCodeSent']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const receiver = gateOf(world, p.value.id).mobile;
  const sent = issueCode(world, receiver, CONSOLE_CODE_SCENE, CODE_VALIDITY_MS);
  if (!sent.ok) return sent;
  const expiresAt = sent.value.expiresAt;
  return ok({ receiver, expires_at: new Date(expiresAt).toISOString() });
}

/** A passed gate: the code to consume when the action goes ahead (none when the gate is off). */
export interface GatePass {
  code?: VerificationCode;
}

/**
 * Checks a console action against the partner's gate. Call it last among the checks: a wrong code counts a try (the
 * last allowed one burns the code), the one change a refused action makes. Consume the pass with {@link passGate}.
 */
export function checkGate(world: GateWorld, partner: Partner, given: string | undefined): Result<GatePass> {
  const gate = gateOf(world, partner.id);
  if (!gate.enabled) return ok({});
  if (given === undefined) {
    return fail(
      'CONSOLE.VERIFICATION_REQUIRED',
      `Partner ${partner.id} confirms sensitive console actions with a verification code: send one (SendConsoleVerificationCode) and pass it as verification_code.`,
    );
  }
  const verdict = checkCode(world, gate.mobile, CONSOLE_CODE_SCENE, given);
  return verdict.ok ? ok({ code: verdict.code }) : codeRefusal(world, verdict, 'the operator mobile');
}

/** Consumes the code of a passed gate: one code confirms one action. */
export function passGate(pass: GatePass): void {
  if (pass.code) pass.code.state = 'used';
}

/** Gate invariants: every gate setting names a known partner. */
export function gateInvariants(world: Parties & GateSlice): string[] {
  return [...world.gates.keys()]
    .filter((id) => !world.partners.has(id))
    .map((id) => `console: settings of unknown partner ${id}`);
}
