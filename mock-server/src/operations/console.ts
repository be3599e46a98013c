/**
 * Control handlers of the console-only capabilities (spec/paths/console.yaml, `/_mock/console/...`). Each entry only
 * picks the domain command; the rules live in the domain's aggregates (associations, codes/gate, coupons/pickup,
 * funds/recharge and rebates, freeze, profile, leads).
 */
import {
  cancelRequest,
  decideAsCustomer,
  decideAsPartner,
  inviteAssociation,
  listRecords,
  requestDisassociation,
  requestDisassociationAsCustomer,
  requestSwitch,
  setStanding,
} from '../domain/associations/index.js';
import { sendConsoleCode, setVerification } from '../domain/codes/index.js';
import {
  batchReclaimCoupons,
  consumePickupCoupon,
  fullWithdrawal,
  grantPickupQuota,
  issuePickupCoupons,
  listPickupCoupons,
  listPickupQuotas,
  reclaimPickupCoupons,
} from '../domain/coupons/index.js';
import { consoleFreeze } from '../domain/freeze/index.js';
import {
  batchAllocate,
  confirmRemittance,
  listRecharges,
  recharge,
  setRebate,
  showRebates,
  withdrawRebate,
} from '../domain/funds/index.js';
import { setProfile, showProfile } from '../domain/profile/index.js';
import { convertLead, createLead, followUpLead, listLeads } from '../domain/leads/index.js';
import type { ControlTablePart } from './context.js';

/** The console routes of the control surface (spec/paths/console.yaml). */
type ConsoleOperationId =
  | 'ListAssociationRecords'
  | 'RequestAssociationTypeSwitch'
  | 'RequestDisassociation'
  | 'RequestDisassociationAsCustomer'
  | 'InviteAssociation'
  | 'DecideAssociationAsCustomer'
  | 'DecideAssociationAsPartner'
  | 'CancelAssociationRequest'
  | 'SetCustomerStanding'
  | 'SetConsoleVerification'
  | 'SendConsoleVerificationCode'
  | 'ShowPartnerProfile'
  | 'SetPartnerProfile'
  | 'BatchAllocate'
  | 'ListRecharges'
  | 'RechargePartnerAccount'
  | 'ConfirmRemittance'
  | 'ShowRebateAccount'
  | 'SetRebateBalance'
  | 'WithdrawRebate'
  | 'BatchReclaimCoupons'
  | 'CustomerFullWithdrawal'
  | 'ListPickupCouponQuotas'
  | 'GrantPickupCouponQuota'
  | 'ListPickupCoupons'
  | 'IssuePickupCoupons'
  | 'ReclaimPickupCoupons'
  | 'ConsumePickupCoupon'
  | 'ListLeads'
  | 'CreateLead'
  | 'FollowUpLead'
  | 'ConvertLead'
  | 'FreezeCustomersInConsole'
  | 'UnfreezeCustomersInConsole';

export const consoleHandlers = {
  // Associations
  ListAssociationRecords: ({ world, input }) => listRecords(world, input),
  RequestAssociationTypeSwitch: ({ world, input }) => requestSwitch(world, input),
  RequestDisassociation: ({ world, input }) => requestDisassociation(world, input),
  RequestDisassociationAsCustomer: ({ world, input }) => requestDisassociationAsCustomer(world, input),
  InviteAssociation: ({ world, input }) => inviteAssociation(world, input),
  DecideAssociationAsCustomer: ({ world, input }) => decideAsCustomer(world, input),
  DecideAssociationAsPartner: ({ world, input }) => decideAsPartner(world, input),
  CancelAssociationRequest: ({ world, input }) => cancelRequest(world, input),
  SetCustomerStanding: ({ world, input }) => setStanding(world, input),
  // Settings and the verification-code gate
  SetConsoleVerification: ({ world, input }) => setVerification(world, input),
  SendConsoleVerificationCode: ({ world, input }) => sendConsoleCode(world, input),
  ShowPartnerProfile: ({ world, input }) => showProfile(world, input),
  SetPartnerProfile: ({ world, input }) => setProfile(world, input),
  // Funds
  BatchAllocate: ({ world, input }) => batchAllocate(world, input),
  ListRecharges: ({ world, input }) => listRecharges(world, input),
  RechargePartnerAccount: ({ world, input }) => recharge(world, input),
  ConfirmRemittance: ({ world, input }) => confirmRemittance(world, input),
  ShowRebateAccount: ({ world, input }) => showRebates(world, input),
  SetRebateBalance: ({ world, input }) => setRebate(world, input),
  WithdrawRebate: ({ world, input }) => withdrawRebate(world, input),
  // Coupons
  BatchReclaimCoupons: ({ world, input }) => batchReclaimCoupons(world, input),
  CustomerFullWithdrawal: ({ world, input }) => fullWithdrawal(world, input),
  ListPickupCouponQuotas: ({ world, input }) => listPickupQuotas(world, input),
  GrantPickupCouponQuota: ({ world, input }) => grantPickupQuota(world, input),
  ListPickupCoupons: ({ world, input }) => listPickupCoupons(world, input),
  IssuePickupCoupons: ({ world, input }) => issuePickupCoupons(world, input),
  ReclaimPickupCoupons: ({ world, input }) => reclaimPickupCoupons(world, input),
  ConsumePickupCoupon: ({ world, input }) => consumePickupCoupon(world, input),
  // Leads
  ListLeads: ({ world, input }) => listLeads(world, input),
  CreateLead: ({ world, input }) => createLead(world, input),
  FollowUpLead: ({ world, input }) => followUpLead(world, input),
  ConvertLead: ({ world, input }) => convertLead(world, input),
  // China-site freeze
  FreezeCustomersInConsole: ({ world, input }) => consoleFreeze(world, input, 'freeze'),
  UnfreezeCustomersInConsole: ({ world, input }) => consoleFreeze(world, input, 'unfreeze'),
} satisfies ControlTablePart<ConsoleOperationId>;
