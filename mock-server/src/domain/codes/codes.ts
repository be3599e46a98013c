/**
 * Verification codes, for every place the mock "sends" one: registration (scene 29), bank-card real-name (18) and the
 * console's gate for sensitive actions (0). One receiver shares the send caps across scenes; each scene keeps its own
 * latest code. Callers map the verdicts to their documented error codes.
 */
import { HOUR, utcSeconds } from '../../kernel/clock.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import type { Parties } from '../../kernel/parties.js';

/** A verification code the mock "sent". */
export interface VerificationCode {
  receiver: string;
  scene: number;
  code: string;
  sentAt: number;
  expiresAt: number;
  failures: number;
  state: 'active' | 'used' | 'burned' | 'superseded';
}

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface CodesSlice {
  /** Codes the mock "sent", oldest first. */
  codes: VerificationCode[];
  /** Send times per receiver, for the hourly and daily caps. */
  sendLog: Map<string, number[]>;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type CodesWorld = Parties & CodesSlice;

/** Sends a new code, superseding the receiver's active one for that scene; CBC.99004015 past the hourly or daily cap. */
export function issueCode(
  world: CodesWorld,
  receiver: string,
  scene: number,
  validityMs: number,
): Result<VerificationCode> {
  const now = world.clock.now();
  const log = (world.sendLog.get(receiver) ?? []).filter((t) => t > now - 24 * HOUR);
  const lastHour = log.filter((t) => t > now - HOUR).length;
  if (lastHour >= world.settings.codesPerHour || log.length >= world.settings.codesPerDay) {
    const which =
      lastHour >= world.settings.codesPerHour
        ? `${world.settings.codesPerHour} per hour`
        : `${world.settings.codesPerDay} per day`;
    return fail(
      'CBC.99004015',
      `The number of verification codes sent to ${receiver} has reached the limit (${which}).`,
    );
  }
  for (const c of world.codes)
    if (c.receiver === receiver && c.scene === scene && c.state === 'active') c.state = 'superseded';
  const code: VerificationCode = {
    receiver,
    scene,
    code: world.random.digits(6),
    sentAt: now,
    expiresAt: now + validityMs,
    failures: 0,
    state: 'active',
  };
  world.codes.push(code);
  log.push(now);
  world.sendLog.set(receiver, log);
  return ok(code);
}

/** Why a code was not accepted; `wrong` has counted a try (`triesLeft` after it). */
export type CodeRefusal =
  | { reason: 'none' | 'used' | 'burned' }
  | { reason: 'expired'; expiresAt: number }
  | { reason: 'wrong'; triesLeft: number };

/**
 * Checks a code without consuming it (set `state = 'used'` when the action goes ahead). A wrong code is the one refusal
 * that changes state: it counts a try, and the last allowed try burns the code.
 */
export function checkCode(
  world: CodesWorld,
  receiver: string,
  scene: number,
  given: string | null | undefined,
): { ok: true; code: VerificationCode } | ({ ok: false } & CodeRefusal) {
  const code = world.codes.findLast((c) => c.receiver === receiver && c.scene === scene && c.state !== 'superseded');
  if (!code || given == null) return { ok: false, reason: 'none' };
  if (code.state === 'used' || code.state === 'burned') return { ok: false, reason: code.state };
  if (world.clock.now() > code.expiresAt) return { ok: false, reason: 'expired', expiresAt: code.expiresAt };
  if (code.code !== given) {
    code.failures++;
    if (code.failures >= world.settings.codeMaxFailures) code.state = 'burned';
    return { ok: false, reason: 'wrong', triesLeft: world.settings.codeMaxFailures - code.failures };
  }
  return { ok: true, code };
}

/** The answers of registration (and of the console's gate) to a refused code. */
export function codeRefusal(world: CodesWorld, r: CodeRefusal, receiver: string): Result<never> {
  switch (r.reason) {
    case 'none':
    case 'used':
      return fail('CBC.99004010', `The verification code is incorrect: no unused code was sent to ${receiver}.`);
    case 'burned':
      return fail(
        'CBC.99004009',
        `The verification code failed ${world.settings.codeMaxFailures} times; request a new one.`,
      );
    case 'expired':
      return fail('CBC.99004008', `The verification code expired at ${utcSeconds(r.expiresAt)}.`);
    case 'wrong':
      return fail('CBC.99004010', `The verification code is incorrect (${r.triesLeft} tries left).`);
  }
}
