/**
 * A customer as ListSubCustomers shows it, and the cache that keeps each listed entry (and, in http/respond.ts, its
 * JSON text) while the customer's listed fields are unchanged.
 */
import type { CnComponents } from '@partner-center/sdk';
import { utcSeconds } from '../../kernel/clock.js';
import type { Customer } from '../../kernel/parties.js';

type S = CnComponents['schemas'];

/**
 * The fields of a customer its listing entry shows. customers.test.ts checks that customerInfo reads exactly these and
 * that a change to any of them is listed (`unchanged` compares them).
 */
export const LISTED_FIELDS = [
  'accountName',
  'id',
  'realName',
  'associatedAt',
  'associationType',
  'label',
  'mobile',
  'countryCode',
  'verifiedStatus',
  'customerType',
  'isFrozen',
  'xaccountId',
  'xaccountType',
  'customerLevel',
  'email',
] as const satisfies readonly (keyof Customer)[];

/** A listing entry and the customer it was built from (a copy of the fields it shows). */
interface Listed {
  info: S['CustomerInformation'];
  from: Pick<Customer, (typeof LISTED_FIELDS)[number]>;
}

/** Entries kept per generation; two generations at most, so the cache stays small however many customers exist. */
const LISTED_GENERATION = 1_000;
let listedNow = new Map<Customer, Listed>();
let listedBefore = new Map<Customer, Listed>();

/**
 * A customer's listing entry, frozen and reused while the fields it shows are unchanged: lists answer the same
 * customers call after call, and a frozen entry's JSON text is kept by http/respond.ts, so an unchanged customer is
 * neither rebuilt nor serialised again. Any change to a listed field (in any domain) builds a new entry.
 */
export function listedInfo(c: Customer): S['CustomerInformation'] {
  let kept = listedNow.get(c);
  if (kept === undefined) {
    kept = listedBefore.get(c);
    if (kept !== undefined) remember(c, kept);
  }
  if (kept !== undefined && unchanged(c, kept.from)) return kept.info;
  const entry: Listed = { info: customerInfo(c), from: { ...c } };
  Object.freeze(entry.info.account_managers);
  Object.freeze(entry.info);
  remember(c, entry);
  return entry.info;
}

function remember(c: Customer, entry: Listed): void {
  if (listedNow.size >= LISTED_GENERATION) {
    listedBefore = listedNow;
    listedNow = new Map();
  }
  listedNow.set(c, entry);
}

/** Whether every field in LISTED_FIELDS is as it was (spelled out: a loop over the names reads them slowly). */
function unchanged(c: Customer, from: Listed['from']): boolean {
  return (
    c.accountName === from.accountName &&
    c.id === from.id &&
    c.realName === from.realName &&
    c.associatedAt === from.associatedAt &&
    c.associationType === from.associationType &&
    c.label === from.label &&
    c.mobile === from.mobile &&
    c.countryCode === from.countryCode &&
    c.verifiedStatus === from.verifiedStatus &&
    c.customerType === from.customerType &&
    c.isFrozen === from.isFrozen &&
    c.xaccountId === from.xaccountId &&
    c.xaccountType === from.xaccountType &&
    c.customerLevel === from.customerLevel &&
    c.email === from.email
  );
}

/** A customer as ListSubCustomers shows it. */
export function customerInfo(c: Customer): S['CustomerInformation'] {
  // Optional fields added in the documented order (not spread in: a spread copies a temporary object per field).
  const info: Record<string, unknown> = { account_name: c.accountName, customer_id: c.id };
  if (c.realName) info.customer = c.realName;
  info.associated_on = utcSeconds(c.associatedAt);
  info.association_type = c.associationType;
  if (c.label) info.label = c.label;
  if (c.mobile) {
    info.telephone = c.mobile;
    info.country_code = c.countryCode!;
  }
  info.verified_status = c.verifiedStatus;
  info.customer_type = c.customerType;
  info.is_frozen = c.isFrozen;
  info.account_managers = [];
  info.xaccount_id = c.xaccountId;
  info.xaccount_type = c.xaccountType;
  info.customer_level = c.customerLevel;
  if (c.email) info.email = c.email;
  return info as S['CustomerInformation'];
}
