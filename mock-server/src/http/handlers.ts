/**
 * operationId → domain command. Each entry only picks the command; rules live in the domain. The spec-coverage test
 * fails when an operation of the spec has no entry here.
 */
import { checkIdentity, createCustomer, listCustomers, sendCode } from '../domain/customers.js';
import type { Result } from '../domain/errors.js';
import type { Partner, World } from '../domain/state.js';

/** What a handler gets: the state, the authenticated caller and the validated input (defaults applied). */
export interface HandlerContext {
  world: World;
  partner: Partner;
  input: any;
}

export type Handler = (ctx: HandlerContext) => Result<unknown>;

export const apiHandlers: Record<string, Handler> = {
  CheckUserIdentity: ({ world, input }) => checkIdentity(world, input),
  SendVerificationMessageCode: ({ world, input }) => sendCode(world, input),
  CreateSubCustomer: ({ world, partner, input }) => createCustomer(world, partner, input),
  ListSubCustomers: ({ world, partner, input }) => listCustomers(world, partner, input),
};
