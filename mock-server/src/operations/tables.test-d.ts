/**
 * Type test (checked by `pnpm typecheck`, not run): the dispatch tables are typed from the generated operation ids
 * and input types. Each `@ts-expect-error` below is a defect the compiler must refuse; if it stopped refusing one,
 * the directive itself would fail the typecheck.
 */
import { createCustomer } from '../domain/customers/index.js';
import { allocateToCustomer } from '../domain/funds/index.js';
import { apiHandlers, partnerOnly } from './api.js';
import type { ApiInput, ApiTable, ControlInput, ControlTable } from './context.js';
import { controlHandlers } from './control.js';

const { CheckUserIdentity: _dropped, ...withoutOne } = apiHandlers;
// @ts-expect-error a real-API operation without a handler
void (withoutOne satisfies ApiTable);

void ({
  ...apiHandlers,
  // @ts-expect-error an operation the spec does not have
  NoSuchOperation: partnerOnly(() => ({ ok: true, value: undefined })),
} satisfies ApiTable);

void ({
  ...apiHandlers,
  // A handler wired to a domain command that takes another operation's input.
  ListSubCustomers: partnerOnly<ApiInput<'ListSubCustomers'>>(({ world, partner, input }) =>
    // @ts-expect-error ListSubCustomers' input is not UpdateCustomerAccountAmount's
    allocateToCustomer(world, partner, input),
  ),
} satisfies ApiTable);

void ({
  ...apiHandlers,
  // The same wiring mistake inside the table literal: the input type comes from the operation's key.
  ListSubCustomers: partnerOnly(({ world, partner, input }) =>
    // @ts-expect-error ListSubCustomers' input is not CreateSubCustomer's
    createCustomer(world, partner, input),
  ),
} satisfies ApiTable);

const { GetClock: _clock, ...controlWithoutOne } = controlHandlers;
// @ts-expect-error a control operation without a handler
void (controlWithoutOne satisfies ControlTable);

void ({
  ...controlHandlers,
  AdvanceClock: ({ world, input }) => {
    // @ts-expect-error AdvanceClock's input has seconds, not SetClock's now
    world.clock.set(Date.parse(input.now));
    return { ok: true, value: undefined };
  },
} satisfies ControlTable);

// The right wiring compiles: the input types are the generated ones.
export type Checked = [ApiInput<'UpdateCustomerAccountAmount'>, ControlInput<'SetClock'>];
