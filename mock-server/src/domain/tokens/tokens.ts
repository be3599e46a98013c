/** IAM tokens the mock issues (password method) and accepts as `X-Auth-Token`. */
import { fail, ok, type Result } from '../../kernel/result.js';
import type { Customer, Partner, Parties } from '../../kernel/parties.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface TokensSlice {
  /** IAM tokens: a partner's, or a customer's (`customerId` set) for the customer-side operations. */
  tokens: Map<string, { partnerId: string; customerId?: string; expiresAt: number }>;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type TokensWorld = Parties & TokensSlice;

/** Issues a token for a partner's IAM user; undefined credentials give IAM's 401. */
export function issueToken(
  world: TokensWorld,
  user: string,
  password: string,
  domain: string,
): Result<{ token: string; partner: Partner; expiresAt: number; issuedAt: number }> {
  const partner = [...world.partners.values()].find((p) => p.iamUser === user && p.iamDomain === domain);
  if (!partner || partner.iamPassword !== password) return fail('IAM.0004', 'The username or password is wrong.');
  const issuedAt = world.clock.now();
  const expiresAt = issuedAt + world.settings.tokenTtlMs;
  // Real tokens are long opaque strings starting "MII"; the shape matters only to code that logs them.
  const token = `MIIMOCK${world.random.hex(48)}`;
  world.tokens.set(token, { partnerId: partner.id, expiresAt });
  return ok({ token, partner, expiresAt, issuedAt });
}

/** Who a request acts as: a partner, or one of its customers (customer-side operations). */
export interface Caller {
  partner: Partner;
  /** Set when the token is a customer's: the customer-side operations need it, partner operations refuse it. */
  customer?: Customer;
}

/** The caller behind a token, or the documented `CBC.0154` when it is unknown or expired. */
export function callerForToken(world: TokensWorld, token: string): Result<Caller> {
  const t = world.tokens.get(token);
  if (!t) return fail('CBC.0154', 'The token is invalid.');
  if (world.clock.now() >= t.expiresAt) return fail('CBC.0154', 'The token has expired.');
  const partner = world.partners.get(t.partnerId)!;
  if (t.customerId === undefined) return ok({ partner });
  const customer = world.customers.get(t.customerId);
  if (!customer) return fail('CBC.0154', 'The token belongs to a customer that no longer exists.');
  return ok({ partner: world.partners.get(customer.partnerId) ?? partner, customer });
}

/**
 * Issues a customer's token (the console-only "switch to the customer's identity" that customer-side operations
 * need); the customer must exist.
 */
export function issueCustomerToken(
  world: TokensWorld,
  customerId: string,
): Result<{ token: string; expiresAt: number }> {
  const customer = world.customers.get(customerId);
  if (!customer) return fail('CBC.0100', `Customer ${customerId} does not exist.`);
  const expiresAt = world.clock.now() + world.settings.tokenTtlMs;
  const partnerId = customer.partnerId || customer.formerPartnerId;
  if (!partnerId) return fail('CBC.0100', `Customer ${customerId} was never associated with a partner.`);
  const token = `MIIMOCKC${world.random.hex(48)}`;
  world.tokens.set(token, { partnerId, customerId, expiresAt });
  return ok({ token, expiresAt });
}
