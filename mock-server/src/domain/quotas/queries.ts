/**
 * The quotas slice's read operations (reference §2.E): a partner's own quotas, and a distributor's child quotas and
 * their records. They filter and page; views.ts gives the wire forms. No read changes the state.
 */
import type { CnComponents, CnOperations } from '@partner-center/sdk';
import { inRange, newestCreatedFirst, newestFirst, page } from '../../kernel/paging.js';
import { actingPartner, distributorsOnly, notYourReseller, type Partner, resellerOf } from '../../kernel/parties.js';
import { ok, type Result } from '../../kernel/result.js';
import { type QuotaType, type QuotasWorld, quotaStatus } from './state.js';
import { issuedQuotaView, quotaRecordView, quotaView } from './views.js';

type S = CnComponents['schemas'];
type QueryOf<K extends keyof CnOperations> = NonNullable<CnOperations[K]['parameters']['query']>;

/** ListQuotaCoupons: the acting partner's quotas (voucher quotas unless `quota_type` is 1), reclaimed ones excluded. */
export function listQuotas(
  world: QuotasWorld,
  caller: Partner,
  q: S['ListQuotaCouponsRequest'],
): Result<S['ListQuotaCouponsResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const now = world.clock.now();
  const type: QuotaType = q.quota_type === 1 ? 1 : 0;
  const ids = q.quota_ids ? new Set(q.quota_ids) : undefined;
  const statuses = q.quota_status_list ? new Set<number>(q.quota_status_list) : undefined;
  const matches = [...world.benefits.quotas.values()]
    .filter((x) => x.ownerId === owner.id && x.status !== 6 && x.type === type)
    .filter((x) => !ids || ids.has(x.id))
    .filter((x) => !statuses || statuses.has(quotaStatus(x, now)))
    .filter((x) => inRange(x.createdAt, q.create_time_begin, q.create_time_end))
    .filter((x) => inRange(x.effectiveAt, q.effective_time_begin, q.effective_time_end))
    .filter((x) => inRange(x.expiresAt, q.expire_time_begin, q.expire_time_end))
    .sort(newestCreatedFirst);
  // Reclaimed quotas (status 6) are filtered out above, so every status here is one ListQuotaCoupons documents.
  return ok({
    total_count: matches.length,
    quotas: page(matches, q.offset, q.limit).map((x) => quotaView(x, now) as S['CouponQuota']),
  });
}

/**
 * The checks a distributor's listings share: the caller is a distributor, and the reseller it filters by (if any)
 * is one of its own. Gives the reseller id filter.
 */
function distributorListing(
  world: QuotasWorld,
  caller: Partner,
  operation: string,
  resellerId: string | undefined,
): Result<string | undefined> {
  if (caller.role !== 'distributor') return distributorsOnly(caller, operation);
  if (!resellerId) return ok(undefined);
  return resellerOf(world, caller, resellerId) ? ok(resellerId) : notYourReseller(resellerId);
}

/** ListIssuedCouponQuotas: the child quotas the distributor issued, reclaimed ones included. */
export function listIssuedQuotas(
  world: QuotasWorld,
  caller: Partner,
  q: QueryOf<'ListIssuedCouponQuotas'>,
): Result<S['ListIssuedCouponQuotasResponse']> {
  const reseller = distributorListing(world, caller, 'ListIssuedCouponQuotas', q.indirect_partner_id);
  if (!reseller.ok) return reseller;
  const now = world.clock.now();
  const quotas = world.benefits.quotas;
  const matches = [...quotas.values()]
    .filter((x) => x.parentId !== undefined && quotas.get(x.parentId)?.ownerId === caller.id)
    .filter((x) => !q.quota_id || x.id === q.quota_id)
    .filter((x) => !reseller.value || x.ownerId === reseller.value)
    .filter((x) => q.parent_quota_id === undefined || x.parentId === q.parent_quota_id)
    .sort(newestCreatedFirst);
  return ok({
    total_count: matches.length,
    quotas: page(matches, q.offset, q.limit).map((x) => issuedQuotaView(x, world.partners.get(x.ownerId)!, now)),
  });
}

/** ListCouponQuotasRecords: the distributor's quota issue/reclaim records, newest first. */
export function listQuotaRecords(
  world: QuotasWorld,
  caller: Partner,
  q: QueryOf<'ListCouponQuotasRecords'>,
): Result<S['ListCouponQuotasRecordsResponse']> {
  const reseller = distributorListing(world, caller, 'ListCouponQuotasRecords', q.indirect_partner_id);
  if (!reseller.ok) return reseller;
  const type = q.operation_type === '10' || q.operation_type === '11' ? q.operation_type : undefined;
  const matches = world.benefits.quotaRecords
    .filter((r) => r.distributorId === caller.id)
    .filter((r) => !reseller.value || r.resellerId === reseller.value)
    .filter((r) => !q.quota_id || r.quotaId === q.quota_id)
    .filter((r) => q.parent_quota_id === undefined || r.parentQuotaId === q.parent_quota_id)
    .filter((r) => !type || r.type === type)
    .filter((r) => inRange(r.at, q.operation_time_begin, q.operation_time_end))
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    records: page(matches, q.offset, q.limit).map((r) => quotaRecordView(r, world.partners.get(r.resellerId)!)),
  });
}
