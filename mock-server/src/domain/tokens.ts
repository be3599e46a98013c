/** IAM tokens the mock issues (password method) and accepts as `X-Auth-Token`. */
import { fail, ok, type Result } from './errors.js';
import type { Partner, World } from './state.js';

/** Issues a token for a partner's IAM user; undefined credentials give IAM's 401. */
export function issueToken(world: World, user: string, password: string, domain: string): Result<{ token: string; partner: Partner; expiresAt: number; issuedAt: number }> {
  const partner = [...world.partners.values()].find((p) => p.iamUser === user && p.iamDomain === domain);
  if (!partner || partner.iamPassword !== password) return fail('IAM.0004', 'The username or password is wrong.');
  const issuedAt = world.clock.now();
  const expiresAt = issuedAt + world.settings.tokenTtlMs;
  // Real tokens are long opaque strings starting "MII"; the shape matters only to code that logs them.
  const token = `MIIMOCK${world.random.hex(48)}`;
  world.tokens.set(token, { partnerId: partner.id, expiresAt });
  return ok({ token, partner, expiresAt, issuedAt });
}

/** The partner behind a token, or the documented `CBC.0154` when it is unknown or expired. */
export function partnerForToken(world: World, token: string): Result<Partner> {
  const t = world.tokens.get(token);
  if (!t) return fail('CBC.0154', 'The token is invalid.');
  if (world.clock.now() >= t.expiresAt) return fail('CBC.0154', 'The token has expired.');
  return ok(world.partners.get(t.partnerId)!);
}
