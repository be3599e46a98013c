/**
 * Who may reach the mock's control surface (`/_mock/`), which holds every tenant's credentials and can reset,
 * delete or break any tenant:
 *
 *  - **Host** (DNS rebinding): a web page whose name was re-pointed at 127.0.0.1 sends its own name as `Host`. Without
 *    an admin token the mock answers only a Host that names it: `localhost` (and `*.localhost`), an IP literal, the
 *    address it listens on, or a name allowed by `--allowed-hosts`. With a token the token protects it, so any name
 *    (a container's service name) is served.
 *  - **Cross-site requests**: a browser sends a `POST` with a "simple" content type (`text/plain`, a form) to any
 *    origin without asking first. A control `POST` must carry `application/json` or a custom header (`X-Mock-…`,
 *    `Authorization`), which a browser sends cross-site only after a CORS preflight the mock never grants.
 *  - **Tokens**: with an admin token set, every control call but the health check needs a token (`Authorization:
 *    Bearer <token>` or `X-Mock-Token`): the admin token reaches everything; a tenant's control token (given when
 *    the tenant is created) reaches that tenant only.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** An access refusal, answered in the API's error shape. */
export interface AccessRefusal {
  status: number;
  code: string;
  message: string;
}

/** Headers as the pipeline reads them. */
interface Headers {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** The hostname of a Host header (`[::1]:4010` → `::1`, `Mock:80` → `mock`). */
export function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/**
 * Whether a Host header names this mock: loopback names, IP literals (a rebinding needs a DNS name), the listen
 * address, or an allowed name. A request without Host (HTTP/1.0) cannot come from a rebinding browser.
 */
export function hostAllowed(host: string | undefined, allowed: readonly string[] = []): boolean {
  if (host === undefined || host === '') return true;
  const name = hostnameOf(host);
  if (name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0) return true;
  return allowed.some((a) => a.toLowerCase() === name);
}

/** The refusal of a Host the mock does not serve. */
export const hostRefusal = (host: string): AccessRefusal => ({
  status: 403,
  code: 'MOCK.HOST_NOT_ALLOWED',
  message: `Host "${host}" is not a name of this mock (DNS rebinding protection). Use localhost or an IP address, start the mock with --allowed-hosts ${hostnameOf(host)}, or set an admin token.`,
});

/** Whether a request is one a browser could have sent cross-site without a CORS preflight. */
export function crossSiteRefusal(method: string, headers: Headers): AccessRefusal | undefined {
  if (method !== 'POST') return undefined;
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return undefined;
  if (headers.has('authorization') || headers.has('x-mock-tenant') || headers.has('x-mock-token')) return undefined;
  return {
    status: 403,
    code: 'MOCK.CROSS_SITE',
    message:
      'A control POST needs Content-Type: application/json or an X-Mock-Tenant / X-Mock-Token / Authorization header (a browser could send this request from any web page).',
  };
}

/** The control token a request carries: `Authorization: Bearer <token>` or `X-Mock-Token`. */
export function presentedToken(headers: Headers): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
  return bearer ?? headers.get('x-mock-token') ?? undefined;
}

/** Compares two tokens in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What a token reaches: everything (admin), one tenant, or nothing. */
export type Grant = { kind: 'admin' } | { kind: 'tenant'; tenantId: string };

/** Control operations only the admin token reaches (they span tenants). */
const ADMIN_ONLY = new Set(['ListTenants', 'CreateTenant']);

/**
 * Checks a control call under an admin token: `grant` is what the presented token reaches (undefined: no valid
 * token), `tenantId` the tenant the call addresses, `targetTenant` the tenant an operation names in its input
 * (DeleteTenant).
 */
export function controlRefusal(
  grant: Grant | undefined,
  operationId: string,
  tenantId: string,
  targetTenant?: string,
): AccessRefusal | undefined {
  if (!grant)
    return {
      status: 401,
      code: 'MOCK.UNAUTHORIZED',
      message:
        'This mock requires a control token: send Authorization: Bearer <token> (the admin token, or the control_token of your tenant).',
    };
  if (grant.kind === 'admin') return undefined;
  const own = grant.tenantId;
  if (ADMIN_ONLY.has(operationId) || tenantId !== own || (targetTenant !== undefined && targetTenant !== own))
    return {
      status: 403,
      code: 'MOCK.FORBIDDEN',
      message: `This control token reaches tenant ${own} only (${operationId}).`,
    };
  return undefined;
}

/**
 * Whether a request reaches `/_mock/` only through dot segments (`/v2/../_mock/partners`, `%2e%2e` included): the
 * URL parser normalises them away, so the raw path must itself be written under `/_mock/`.
 */
export function reachesControlByDots(rawUrl: string, pathname: string): boolean {
  if (!pathname.startsWith('/_mock')) return false;
  const afterScheme = rawUrl.indexOf('://');
  const pathStart = afterScheme >= 0 ? rawUrl.indexOf('/', afterScheme + 3) : 0;
  const raw = pathStart >= 0 ? rawUrl.slice(pathStart) : '/';
  return !raw.startsWith('/_mock/') && raw !== '/_mock';
}
