/**
 * Tenant and credential generation. A new tenant gets the demo partners' shapes with fresh ids and credentials from
 * node:crypto (not the World's seeded generator: credentials must not be guessable from a seed), and the default
 * tenant's settings and clock with its own random seed.
 */
import { randomBytes } from 'node:crypto';
import type { Partner, Settings } from '../kernel/parties.js';
import { demoPartners } from '../domain/world.js';
import { DEFAULT_TENANT, type TenantSeed } from './tenants.js';

/** What the default tenant is made from (the mock's options). */
export interface DefaultTenantOptions {
  partners?: Partner[];
  settings?: Partial<Settings>;
  clockStart?: number;
  clockFrozen?: boolean;
}

/** The default tenant's seed: the options' partners (or the demo ones), settings and clock. */
export function defaultTenantSeed(options: DefaultTenantOptions): TenantSeed {
  return {
    id: DEFAULT_TENANT,
    name: 'default',
    partners: (options.partners ?? demoPartners()).map((p) => ({ ...p })),
    settings: options.settings ?? {},
    ...(options.clockStart !== undefined ? { clockStart: options.clockStart } : {}),
    ...(options.clockFrozen !== undefined ? { clockFrozen: options.clockFrozen } : {}),
  };
}

/** A new tenant's seed: fresh id, partners and credentials; settings and clock as the default tenant's (`base`). */
export function newTenantSeed(base: TenantSeed, name: string | undefined, seedValue: number | undefined): TenantSeed {
  const id = `t-${randomBytes(6).toString('hex')}`;
  const key = randomBytes(5).toString('hex').toUpperCase();
  const partners = demoPartners().map(
    (p, i): Partner => freshCredentials(p, `${key}${i}`, p.name.replace('Demo', name ? `${name}:` : `Tenant ${id}`)),
  );
  // Each reseller under this tenant's distributor of its own site.
  for (const p of partners)
    if (p.role === 'reseller') p.parentId = partners.find((d) => d.role === 'distributor' && d.site === p.site)!.id;
  return {
    id,
    name: name ?? id,
    controlToken: randomBytes(24).toString('base64url'),
    partners,
    settings: { ...base.settings, seed: seedValue ?? randomBytes(4).readUInt32BE() },
    ...(base.clockStart !== undefined ? { clockStart: base.clockStart } : {}),
    ...(base.clockFrozen !== undefined ? { clockFrozen: base.clockFrozen } : {}),
  };
}

/** A partner with a fresh id, access key, secret key and IAM account derived from `k`. */
function freshCredentials(p: Partner, k: string, name: string): Partner {
  return {
    ...p,
    id: randomBytes(16).toString('hex'),
    name,
    accessKey: `PCT${k}`.padEnd(20, '0'),
    secretKey: `pct-secret-${randomBytes(14).toString('hex')}`,
    iamUser: `${k.toLowerCase()}-admin`,
    iamPassword: `T-${randomBytes(6).toString('hex')}-Pass1`,
    iamDomain: `${k.toLowerCase()}-domain`,
  };
}
