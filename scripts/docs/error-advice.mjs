// @ts-check
/**
 * What to do about each documented error code, for the generated error-code page (scripts/docs/error-codes.mjs).
 * The code, status, meaning and operations come from the spec; only the advice is written here. A code added to
 * spec/errors.yaml without advice fails `pnpm gen` (and `pnpm gen:check`), so the page never has an empty row.
 *
 * `retry` overrides the rule derived from the status (429: yes; 5xx: idempotent operations yes, money movements
 * after reconciling; otherwise no), where a code says more than its status.
 */

/** @type {Record<string, { advice: string; retry?: string }>} */
export const errorAdvice = {
  'CBC.0100': {
    advice:
      'A field breaks a documented rule; `error_msg` names it. The SDK checks the same rules before sending (`RequestValidationError`), so from the SDK this means a rule the spec does not know: report it.',
  },
  'CBC.0101': { advice: 'A field of the registration is invalid; `error_msg` names it. Fix the field.' },
  'CBC.0150': {
    advice: 'The reseller operation is not allowed for this caller (only tier-1 distributors manage tier-2 resellers).',
  },
  'CBC.0151': {
    advice:
      'The caller may not use this operation: check the partner type (some operations are distributor-only) and the IAM user’s BSS permissions ([moving to the real service](../guides/real-service.md#permissions)).',
  },
  'CBC.0154': {
    advice:
      'The signature or token was refused: check the AK/SK pair, the clock (15-minute window), or get a new token. See [troubleshooting](../guides/troubleshooting.md#the-signature-is-refused-cbc0154).',
    retry: 'once, with a fresh token (the SDK does it when its token source can refresh)',
  },
  'CBC.0155': {
    advice:
      'The reference gives it for bad credentials or an operator without the permission; no operation lists it. Check the AK/SK and the IAM user’s permissions ([permissions](../guides/real-service.md#permissions)).',
  },
  'CBC.0250': {
    advice:
      'Flow control: slow down. The SDK waits (`Retry-After` when given) and tries again within its retry budget, for every operation: the gateway refused the call before the service saw it.',
  },
  'CBC.0999': {
    advice:
      'An internal error. Idempotent calls can be repeated; for a money movement the outcome is unknown (`error.uncertain`): reconcile before sending again ([money movements](../guides/production.md#money-movements-never-twice)).',
  },
  'CBC.5017': { advice: 'Write the mobile number as the site expects (`countrycode-number`, e.g. `0086-139…`).' },
  'CBC.50010059': {
    advice:
      'A tier-1 distributor registers customers through its tier-2 resellers (`indirect_partner_id`), not directly.',
  },
  'CBC.50010065': {
    advice:
      'The reseller’s distributor has left the partner programme; the reseller cannot acquire customers until it joins another.',
  },
  'CBC.50010085': { advice: 'The partner is restricted by Huawei; contact your Huawei account manager.' },
  'CBC.50010086': {
    advice: 'The reseller’s distributor is restricted by Huawei; the distributor contacts its account manager.',
  },
  'CBC.99000004': {
    advice:
      'The new account could not authorise the partner. Check the account in ListSubCustomers, then contact Huawei.',
  },
  'CBC.99000029': { advice: 'The mobile number is already used by another account: use another number.' },
  'CBC.99000030': {
    advice:
      'Too many accounts were registered with this mobile number (the mock’s cap is a setting, 5 by default): use another number.',
  },
  'CBC.99000031': { advice: 'The login name (`domain_name`) breaks the format rules: fix it.' },
  'CBC.99000036': { advice: 'The password breaks the format rules: fix it, or leave it out.' },
  'CBC.99000037': {
    advice:
      'The `indirect_partner_id` is not one of the caller’s tier-2 resellers: check the id with ListIndirectPartners.',
  },
  'CBC.99000038': {
    advice:
      'The login name is taken. After an uncertain CreateSubCustomer this is the earlier call that succeeded: look it up with ListSubCustomers.',
  },
  'CBC.99000039': {
    advice:
      'The `xaccount_id` is taken. After an uncertain CreateSubCustomer this is the earlier call that succeeded: look it up with ListSubCustomers.',
  },
  'CBC.99000050': {
    advice:
      'The account was created but the association was not confirmed in time. Do not register again: find the customer with ListSubCustomers (it appears when the association completes).',
    retry: 'no: the account exists; confirm with ListSubCustomers',
  },
  'CBC.99000051': { advice: 'The mobile number or e-mail is already registered with Huawei: use another one.' },
  'CBC.99004008': { advice: 'The SMS code expired: send a new one (SendVerificationMessageCode).' },
  'CBC.99004009': { advice: 'The code was entered wrong more than 3 times: send a new one.' },
  'CBC.99004010': { advice: 'The code is wrong: ask the customer again (3 tries), then send a new one.' },
  'CBC.99004015': { advice: 'Too many codes were sent to this number: wait before sending another one.' },
  'CBC.99005035': {
    advice:
      'Sandbox partners cannot register customers or move money. Use a formal partner account ([sandbox partners](../guides/real-service.md#sandbox-partners)).',
  },
  'CBC.5002': {
    advice: 'The customer id is not one of the partner’s customers: check it with ListSubCustomers.',
    retry: 'no (the reference answers it with a 500, but a repeat finds the same customer missing)',
  },
  'CBC.99000035': {
    advice:
      'The customer is not (or no longer) associated with the partner, for example after a disassociation: check ListSubCustomers.',
  },
  'CBC.99005024': {
    advice:
      'Budgets and freezes apply only to reseller-model (代售/转售) customers, not to referral (顾问销售) ones ([glossary](glossary.md)).',
  },
  'CBC.99000027': { advice: 'The SMS code for the real-name check expired: send a new one.' },
  'CBC.99000099': { advice: 'An attachment is larger than 10 MB: shrink it.' },
  'CBC.99000100': { advice: 'Send attachments as jpg, jpeg, bmp, png, gif or pdf.' },
  'CBC.99005030': {
    advice: 'Enable real-name authentication for the partner (and the OBS bucket authorisation) in the console first.',
  },
  'CBC.99007188': { advice: 'The customer is verified or a review is pending: read the review result instead.' },
  'CBC.99007189': { advice: 'The ID number already verifies too many customers: use another ID.' },
  'CBC.99007191': { advice: 'Too many attempts for this customer: wait before trying again.' },
  'CBC.99007193': { advice: 'The ID number is blacklisted: the customer contacts Huawei.' },
  'CBC.99007202': { advice: 'The verification failed: check the name and ID number, then try again.' },
  'CBC.99007219': { advice: 'The face photo does not match the ID: take a new photo of the ID holder.' },
  'CBC.99007255': { advice: 'The card holder or the bank’s reserved mobile number is wrong: correct it.' },
  'CBC.99007258': { advice: 'The bank card cannot be used (frozen, cancelled): use another card.' },
  'CBC.99007260': {
    advice: 'The bank check failed between UnionPay and the bank: try again later.',
    retry: 'later (a failure between UnionPay and the bank)',
  },
  'CBC.99007261': { advice: 'This bank card is not supported: use another card.' },
  'CBC.99007262': {
    advice: 'The bank’s system failed: try again later.',
    retry: 'later (the bank’s system failed)',
  },
  'CBC.70600026': { advice: 'The application cannot be reviewed: contact your account manager.' },
  'CBC.5001': { advice: 'The credentials are not a partner’s: use the partner account’s AK/SK.' },
  'CBC.5021': {
    advice:
      'Referral (顾问销售) customers pay Huawei themselves: funds go only to reseller-model customers ([glossary](glossary.md)).',
  },
  'CBC.99000000': { advice: 'The customer is not the caller’s to act on: check the customer id and the reseller id.' },
  'CBC.99000047': {
    advice:
      'Nothing was ever allocated to this customer, so there is nothing to reclaim: check ShowCustomerAccountBalances.',
  },
  'CBC.99000049': { advice: 'Resale (转售) customers have no balance of their own on the international site.' },
  'CBC.99000084': {
    advice:
      'Reseller-model customers’ records are read through the partner’s records (ListPartnerAccountChangeRecords).',
  },
  'CBC.99005003': {
    advice:
      'Not enough balance: allocating needs the partner’s (or reseller’s) allocatable balance, reclaiming the customer’s reclaimable one. Read the balances first.',
  },
  'CBC.99000012': {
    advice:
      'The quota does not exist, is frozen or used up: list the quotas (ListCouponQuotas) and pick an active one.',
  },
  'CBC.99000013': { advice: 'The quota’s balance is too small: issue less, or ask for more quota.' },
  'CBC.99000014': {
    advice: 'This customer’s cooperation type cannot receive coupons from this quota (per item in `error_details`).',
  },
  'CBC.99000017': { advice: 'The quota is not yet valid or has expired: use another quota.' },
  'CBC.99000018': { advice: 'The face value is below the quota’s minimum: raise it.' },
  'CBC.99000019': { advice: 'The face value is above the quota’s maximum: lower it.' },
  'CBC.99000020': { advice: 'Too many coupons for this quota or customer (per item in `error_details`).' },
  'CBC.99000021': { advice: 'The total face value exceeds the limit (per item in `error_details`).' },
  'CBC.99000022': { advice: 'This quota issues only to customers associated for the first time.' },
  'CBC.99000023': { advice: 'Limit the coupon to service types and products the quota allows.' },
  'CBC.99000024': { advice: 'Keep the coupon’s usage conditions within the quota’s.' },
  'CBC.99000025': { advice: 'This kind of partner cannot issue a coupon to its own account.' },
  'CBC.99000045': {
    advice: 'Coupons issued to referral (顾问销售) customers stay with them; they cannot be reclaimed.',
  },
  'CBC.99000048': {
    advice: 'The coupon expired or was reclaimed already: read its state with ListIssuedPartnerCoupons.',
  },
  'CBC.50000010': {
    advice: 'The partner is set to use coupons itself, so it cannot issue vouchers; Huawei changes that setting.',
  },
  'CBC.50000020': { advice: 'This quota issues only to the customers it names: use another quota.' },
  'CBC.50000021': {
    advice: 'The quota is reserved for a customer who is not this reseller’s: issue it to another reseller.',
  },
  'CBC.50000034': { advice: 'Finance-custody enterprise sub-accounts cannot receive coupons.' },
  'CBC.50000054': { advice: 'The product id does not exist: check it.' },
  'CBC.50000055': { advice: 'The service type code does not exist: check it.' },
};
