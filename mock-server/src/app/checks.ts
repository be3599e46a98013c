/**
 * The mock's checks of itself (option `checkInvariants`, on in the tests): every state invariant after each command,
 * and that an operation named as a read changed nothing unless it drew random numbers (else the journal, which skips
 * such reads, would lose the change). A violation is a mock bug: it throws.
 */
import { checkInvariants } from '../domain/invariants.js';
import type { World } from '../domain/world.js';
import { fingerprint } from './world-serial.js';

/** Throws when a state invariant does not hold after `what`. */
export function assertInvariants(world: World, what: string): void {
  const violations = checkInvariants(world);
  if (violations.length) throw new Error(`mock invariant violated after ${what}: ${violations.join('; ')}`);
}

/** Operations whose name says they only read; they are not journaled unless they drew random numbers. */
const READ_ONLY_NAME = /^(List|Show|Get|Check|Query|Search)/;
const readNames = new Map<string, boolean>();

/** Whether an operationId names a read (cached: asked on every request). */
export function isReadName(operationId: string): boolean {
  let read = readNames.get(operationId);
  if (read === undefined) {
    read = READ_ONLY_NAME.test(operationId);
    readNames.set(operationId, read);
  }
  return read;
}

/** The World's state before a read, to compare after it. */
export interface ReadGuard {
  print: Buffer;
  random: number;
}

/** Records the World before a command named as a read. */
export function beforeRead(world: World): ReadGuard {
  return { print: fingerprint(world), random: world.random.state() };
}

/** Throws when a read changed the World without drawing a random number (the journal would not persist it). */
export function assertUnchangedByRead(guard: ReadGuard, world: World, operationId: string): void {
  if (world.random.state() === guard.random && !fingerprint(world).equals(guard.print)) {
    throw new Error(
      `mock invariant violated: ${operationId} is named as a read but changed the state without drawing a random number, so the journal would not persist the change`,
    );
  }
}
