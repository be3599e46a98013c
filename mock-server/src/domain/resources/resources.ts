/**
 * Customers' pay-per-use resources (reference §2.A A8). The mock does not model ordering cloud services, so the
 * control surface seeds them; ListCustomerOnDemandResources reads them for reseller-model customers. A customer
 * frozen with ACCOUNT_AND_RESOURCE shows its normal and grace-period resources as frozen (status 3), derived on
 * read so that unfreezing restores them.
 */
import type { CnComponents } from '@partner-center/sdk';
import { utcSeconds } from '../../kernel/clock.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { actingPartner, type Customer, type Partner, isSubCustomerOf, type Parties } from '../../kernel/parties.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface ResourcesSlice {
  /** Customers' pay-per-use resources. */
  resources: ResourceState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type ResourcesWorld = Parties & ResourcesSlice;

type S = CnComponents['schemas'];
export type ResourceStatus = 1 | 2 | 3 | 4 | 5 | 6;

export interface OnDemandResource {
  customerId: string;
  resourceId: string;
  regionCode: string;
  availabilityZoneCode?: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  serviceTypeName?: string;
  resourceTypeName?: string;
  resourceName?: string;
  effectiveAt: number;
  expireAt?: number;
  status: ResourceStatus;
  resourceSpecCode?: string;
  resourceInfo?: string;
  productSpecDesc?: string;
  seq: number;
}

export interface ResourceState {
  list: OnDemandResource[];
  ids: Set<string>;
}

export const createResourceState = (): ResourceState => ({ list: [], ids: new Set() });

/** What the control surface sends for one resource. */
export interface ResourceSeed {
  resource_id?: string;
  region_code: string;
  availability_zone_code?: string;
  service_type_code: string;
  resource_type_code: string;
  service_type_name?: string;
  resource_type_name?: string;
  resource_name?: string;
  effective_time?: string;
  expire_time?: string;
  status?: number;
  resource_spec_code?: string;
  resource_info?: string;
  product_spec_desc?: string;
}

/** The status a resource shows: frozen while its customer is frozen with its resources. */
function shownStatus(world: ResourcesWorld, r: OnDemandResource): ResourceStatus {
  const c = world.customers.get(r.customerId);
  return c?.isFrozen === 2 && (r.status === 1 || r.status === 2) ? 3 : r.status;
}

/** A resource as the mock builds it: the fields the service may omit are always filled here. */
type ResourceView = S['CustomerOnDemandResource'] &
  Required<
    Pick<
      S['CustomerOnDemandResource'],
      | 'customer_id'
      | 'region_code'
      | 'service_type_code'
      | 'resource_type_code'
      | 'resource_id'
      | 'effective_time'
      | 'status'
    >
  >;

function view(world: ResourcesWorld, r: OnDemandResource): ResourceView {
  return {
    customer_id: r.customerId,
    region_code: r.regionCode,
    ...(r.availabilityZoneCode !== undefined ? { availability_zone_code: r.availabilityZoneCode } : {}),
    service_type_code: r.serviceTypeCode,
    resource_type_code: r.resourceTypeCode,
    ...(r.serviceTypeName !== undefined ? { service_type_name: r.serviceTypeName } : {}),
    ...(r.resourceTypeName !== undefined ? { resource_type_name: r.resourceTypeName } : {}),
    resource_id: r.resourceId,
    ...(r.resourceName !== undefined ? { resource_name: r.resourceName } : {}),
    effective_time: utcSeconds(r.effectiveAt),
    ...(r.expireAt !== undefined ? { expire_time: utcSeconds(r.expireAt) } : {}),
    status: shownStatus(world, r),
    ...(r.resourceSpecCode !== undefined ? { resource_spec_code: r.resourceSpecCode } : {}),
    ...(r.resourceInfo !== undefined ? { resource_info: r.resourceInfo } : {}),
    ...(r.productSpecDesc !== undefined ? { product_spec_desc: r.productSpecDesc } : {}),
  };
}

/** Control surface: give a customer pay-per-use resources. All or nothing. */
export function seedResources(
  world: ResourcesWorld,
  customerId: string,
  seeds: ResourceSeed[],
): Result<ResourceView[]> {
  if (!world.customers.has(customerId)) return fail('CBC.0100', `Customer ${customerId} does not exist.`);
  const now = world.clock.now();
  const fresh = new Set<string>();
  const planned: Omit<OnDemandResource, 'seq'>[] = [];
  for (const [i, s] of seeds.entries()) {
    const effectiveAt = s.effective_time ? Date.parse(s.effective_time) : now;
    const expireAt = s.expire_time ? Date.parse(s.expire_time) : undefined;
    if (Number.isNaN(effectiveAt) || (expireAt !== undefined && Number.isNaN(expireAt)))
      return fail('CBC.0100', `resources.${i}: invalid time.`);
    if (expireAt !== undefined && expireAt < effectiveAt)
      return fail('CBC.0100', `resources.${i}: expire_time is before effective_time.`);
    let id = s.resource_id;
    if (id !== undefined && (world.resources.ids.has(id) || fresh.has(id)))
      return fail('CBC.0100', `resources.${i}: resource_id ${id} already exists.`);
    while (id === undefined || world.resources.ids.has(id) || fresh.has(id)) id = world.random.hex(32);
    fresh.add(id);
    planned.push({
      customerId,
      resourceId: id,
      regionCode: s.region_code,
      availabilityZoneCode: s.availability_zone_code,
      serviceTypeCode: s.service_type_code,
      resourceTypeCode: s.resource_type_code,
      serviceTypeName: s.service_type_name,
      resourceTypeName: s.resource_type_name,
      resourceName: s.resource_name,
      effectiveAt,
      expireAt,
      status: (s.status ?? 1) as ResourceStatus,
      resourceSpecCode: s.resource_spec_code,
      resourceInfo: s.resource_info,
      productSpecDesc: s.product_spec_desc,
    });
  }
  const created = planned.map((p) => {
    const r: OnDemandResource = { ...p, seq: ++world.seq };
    for (const k of Object.keys(r) as (keyof OnDemandResource)[]) if (r[k] === undefined) delete r[k];
    world.resources.list.push(r);
    world.resources.ids.add(r.resourceId);
    return r;
  });
  return ok(created.map((r) => view(world, r)));
}

type ListInput = S['ListCustomerOnDemandResourcesRequest'];

/** ListCustomerOnDemandResources: one reseller-model customer's resources, filtered, newest effective first. */
export function listResources(
  world: ResourcesWorld,
  caller: Partner,
  q: ListInput,
): Result<S['ListCustomerOnDemandResourcesResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner)
    return fail('CBC.99000037', `You have no permission to operate on tier-2 reseller ${q.indirect_partner_id}.`);
  const c: Customer | undefined = world.customers.get(q.customer_id);
  if (!isSubCustomerOf(world, c, owner))
    return fail('CBC.99000035', `Customer ${q.customer_id} is not a sub-customer of this partner.`);
  if (c.associationType === '1') {
    return fail(
      'CBC.99000035',
      `Customer ${q.customer_id} is a referral (顾问销售) customer; only reseller-model customers' resources can be listed.`,
    );
  }
  const begin = q.effective_time_begin ? Date.parse(q.effective_time_begin) : undefined;
  const end = q.effective_time_end ? Date.parse(q.effective_time_end) : undefined;
  const ids = q.resource_ids?.length ? new Set(q.resource_ids) : undefined;
  const matches = world.resources.list
    .filter((r) => r.customerId === c.id)
    .filter((r) => !q.region_code || r.regionCode === q.region_code)
    .filter((r) => !q.service_type_code || r.serviceTypeCode === q.service_type_code)
    .filter((r) => !ids || ids.has(r.resourceId))
    // The service compares at second precision, as it formats the times.
    .filter((r) => begin === undefined || Math.floor(r.effectiveAt / 1000) * 1000 >= begin)
    .filter((r) => end === undefined || Math.floor(r.effectiveAt / 1000) * 1000 <= end)
    .filter((r) => q.status == null || shownStatus(world, r) === q.status)
    .sort((a, b) => b.effectiveAt - a.effectiveAt || b.seq - a.seq);
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return ok({
    total_count: matches.length,
    resources: matches.slice(offset, offset + limit).map((r) => view(world, r)),
  });
}

/** Invariants: resources belong to existing customers and their ids are unique and indexed. */
export function resourceInvariants(world: ResourcesWorld): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of world.resources.list) {
    if (!world.customers.has(r.customerId)) out.push(`resource ${r.resourceId} of unknown customer ${r.customerId}`);
    if (seen.has(r.resourceId)) out.push(`resource id ${r.resourceId} is used twice`);
    seen.add(r.resourceId);
    if (r.expireAt !== undefined && r.expireAt < r.effectiveAt)
      out.push(`resource ${r.resourceId} expires before it takes effect`);
  }
  if (seen.size !== world.resources.ids.size)
    out.push(`${world.resources.ids.size} resource ids indexed for ${seen.size} resources`);
  return out;
}
