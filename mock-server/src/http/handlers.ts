/**
 * operationId → domain command. Each entry only picks the command; rules live in the domain. The spec-coverage test
 * fails when an operation of the spec has no entry here.
 */
import { checkIdentity, createCustomer, listCustomers, sendCode } from '../domain/customers.js';
import { fail, type Result } from '../domain/errors.js';
import type { Customer, Partner, World } from '../domain/state.js';

/** What a handler gets: the state, the authenticated caller and the validated input (defaults applied). */
export interface HandlerContext {
  world: World;
  /** The partner calling, or the partner of the customer calling. */
  partner: Partner;
  /** Set when a customer's token called (customer-side operations). */
  customer?: Customer;
  input: any;
}

export type Handler = (ctx: HandlerContext) => Result<unknown>;

/**
 * Partner operations refuse a customer's token, and customer-side operations a partner's credentials, with the
 * documented access-denied code.
 */
export const partnerOnly = (h: Handler): Handler => (ctx) =>
  ctx.customer ? fail('CBC.0151', 'Access denied: this operation needs partner credentials, not a customer token.') : h(ctx);
export const customerOnly = (h: (ctx: HandlerContext & { customer: Customer }) => Result<unknown>): Handler => (ctx) =>
  ctx.customer ? h(ctx as HandlerContext & { customer: Customer }) : fail('CBC.0151', "Access denied: this operation needs the customer's token.");

export const apiHandlers: Record<string, Handler> = {
  CheckUserIdentity: partnerOnly(({ world, input }) => checkIdentity(world, input)),
  SendVerificationMessageCode: partnerOnly(({ world, input }) => sendCode(world, input)),
  CreateSubCustomer: partnerOnly(({ world, partner, input }) => createCustomer(world, partner, input)),
  ListSubCustomers: partnerOnly(({ world, partner, input }) => listCustomers(world, partner, input)),
};
