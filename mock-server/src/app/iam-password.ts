/**
 * IAM passwords in the state journal. A sign-in is journaled (it drew a token from the tenant's generator, which a
 * replay must draw again), and the replay must verify the password as the live sign-in did; but the journal is a
 * file, and a password never goes to a file in clear. So the journal keeps a salted SHA-256 of it, and the replay
 * checks the partner's password against that.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `sha256$<salt hex>$<hash hex>` of a password, with a fresh 16-byte salt. */
export function saltedPasswordHash(password: string): string {
  const salt = randomBytes(16).toString('hex');
  return `sha256$${salt}$${digest(salt, password)}`;
}

/** Whether a password is the one a {@link saltedPasswordHash} was made from. */
export function passwordMatches(stored: string, password: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'sha256' || !salt || !hash) return false;
  const a = Buffer.from(hash, 'hex');
  const b = Buffer.from(digest(salt, password), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const digest = (salt: string, password: string) =>
  createHash('sha256').update(salt).update('\0').update(password).digest('hex');
