/**
 * Customer registration and listing (reference §2.A). Customers themselves are part of the parties every aggregate
 * knows (kernel/parties.ts); this aggregate adds the verification codes registration needs.
 */
import type { Parties } from '../../kernel/parties.js';
import type { CodesSlice } from '../codes/index.js';

/** The part of a tenant's World this aggregate reads and writes. */
export type CustomersWorld = Parties & CodesSlice;

/** A login name or e-mail as the uniqueness indexes and the name filters compare it: lower-cased. */
export const lower = (s: string) => s.toLowerCase();
