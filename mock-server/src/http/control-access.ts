/**
 * The access rules of the control surface (http/access.ts) applied to one control request: which tenant it
 * addresses, or why it is refused. The health check is always answered.
 */
import type { MockCore } from '../app/core.js';
import { DEFAULT_TENANT } from '../app/tenants.js';
import {
  type AccessRefusal,
  controlRefusal,
  crossSiteRefusal,
  type Grant,
  presentedToken,
  sameToken,
} from './access.js';
import type { Target } from './target.js';

/** What the pipeline reads of a control request. */
interface ControlRequest {
  method: string;
  headers: { get(name: string): string | null; has(name: string): boolean };
}

/** What the token a control request carries reaches (undefined: no valid token). */
function grantOf(core: MockCore, req: ControlRequest, adminToken: string): Grant | undefined {
  const token = presentedToken(req.headers);
  if (token === undefined) return undefined;
  if (sameToken(token, adminToken)) return { kind: 'admin' };
  const tenant = core.registry.byControlToken(token, sameToken);
  return tenant ? { kind: 'tenant', tenantId: tenant.id } : undefined;
}

/**
 * The tenant a control request addresses (its `X-Mock-Tenant`; without it, the default tenant, or the tenant whose
 * control token it carries), or the refusal: a POST a browser could send cross-site, a missing or wrong token when
 * the mock requires tokens, a tenant token used beyond its tenant.
 */
export function controlAccess(
  core: MockCore,
  operationId: string,
  url: Target,
  req: ControlRequest,
): { tenantId: string } | { refused: AccessRefusal } {
  const named = req.headers.get('x-mock-tenant');
  if (operationId === 'GetHealth') return { tenantId: named ?? DEFAULT_TENANT };
  const crossSite = crossSiteRefusal(req.method.toUpperCase(), req.headers);
  if (crossSite) return { refused: crossSite };
  const adminToken = core.access.adminToken;
  if (adminToken === undefined) return { tenantId: named ?? DEFAULT_TENANT };
  const grant = grantOf(core, req, adminToken);
  const tenantId = named ?? (grant?.kind === 'tenant' ? grant.tenantId : DEFAULT_TENANT);
  const target = operationId === 'DeleteTenant' ? (url.searchParams.get('tenant_id') ?? '') : undefined;
  const refused = controlRefusal(grant, operationId, tenantId, target);
  return refused ? { refused } : { tenantId };
}
