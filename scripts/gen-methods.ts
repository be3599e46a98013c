/** The typed method interface of a site (types and JSDoc only: what an editor shows on hover). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { camel, operationFacts } from './gen-facts.js';
import type { OpenApiDoc } from './zod-emitter.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The guide each tag of operations is explained in (the generator fails when one is missing). */
const guides: Record<string, string> = {
  Customers: 'customers.md',
  'Real-name authentication': 'customers.md',
  Budgets: 'customers.md',
  Funds: 'funds.md',
  Resellers: 'funds.md',
  'Coupon quotas': 'coupons-and-quotas.md',
  Coupons: 'coupons-and-quotas.md',
};
const repoUrl = 'https://github.com/partner-center/partner-center/blob/main/';

/** A JSDoc block (text escaped so that it cannot close the comment). */
function jsdoc(lines: string[], indent: string): string {
  const body = lines.map((l) => (l ? `${indent} * ${l.replace(/\*\//g, '*\\/')}` : `${indent} *`)).join('\n');
  return `${indent}/**\n${body}\n${indent} */`;
}

/**
 * The typed method interface of a site, one member per operation with its documentation: summary, the notes users
 * trip over (the operation's description, idempotency, pagination, distributor-only), the documented error codes,
 * and a link to the guide. Types only: it costs nothing at run time, and editors show it on hover.
 */
export function emitMethods(doc: OpenApiDoc, out: string) {
  const catalog = (doc['x-error-catalog'] ?? {}) as Record<string, { status: number; message: string }>;
  const siteName = out.endsWith('intl') ? 'international site' : 'China site';
  const members = operationFacts(doc).map(({ id, op }) => {
    const name = camel(id);
    const lines: string[] = [`${String(op.summary ?? id).replace(/\.?$/, '.')}`];
    if (op.description) lines.push('', ...String(op.description).trim().split('\n'));
    const notes: string[] = [];
    if (op['x-idempotent'] === false)
      notes.push(
        `Not idempotent: the SDK never re-sends it blindly${op['x-reconcile'] ? `; when the outcome is unknown (\`e.uncertain\`), look it up with \`client.reconcile.${name}(input, { since })\` or pass \`{ reconcile: true }\`` : ''}.`,
      );
    if (op['x-pagination']) notes.push(`Paged: \`client.paginate.${name}(input)\` iterates every item of every page.`);
    if (op['x-distributor-only'] === true) notes.push('Only a tier-1 distributor may call it.');
    if (notes.length) lines.push('', ...notes);
    const codes = (op['x-error-codes'] ?? []) as string[];
    if (codes.length) {
      lines.push('', `Documented error codes (narrow with \`isPartnerCenterError(e, '${name}')\`):`);
      for (const c of codes) {
        const entry = catalog[c];
        if (!entry) throw new Error(`${id}: x-error-codes names ${c}, which spec/errors.yaml does not define`);
        lines.push(`- \`${c}\` (HTTP ${entry.status}): ${entry.message}`);
      }
    }
    const tag = (op.tags ?? [])[0] as string | undefined;
    const guide = tag ? guides[tag] : undefined;
    if (!guide || !existsSync(join(root, 'docs/guides', guide)))
      throw new Error(`${id}: no guide for tag ${tag} (scripts/gen-methods.ts \`guides\`)`);
    lines.push('', `@see {@link ${repoUrl}docs/guides/${guide} | ${tag} guide}`);
    return `${jsdoc(lines, '  ')}\n  ${name}(...args: ArgsOf<Ops[${JSON.stringify(id)}]>): Promise<OutputOf<Ops[${JSON.stringify(id)}]>>;`;
  });
  const facts = operationFacts(doc);
  const paged = facts.filter((f) => f.op['x-pagination']);
  const reconcilable = facts.filter((f) => f.op['x-reconcile']).map((f) => JSON.stringify(f.id));
  return `import type { ArgsOf, OutputOf } from '../../call-types.js';
import type { operations as Ops } from './schema.js';

/** The paged operations (\`x-pagination\`) and the array field of their answer that holds the items. */
export interface PagedItems {
${paged.map((f) => `  ${f.id}: ${JSON.stringify(f.op['x-pagination'].items)};`).join('\n')}
}

/** The operations \`client.reconcile\` can look up (\`x-reconcile\`). */
export type Reconcilable = ${reconcilable.join(' | ') || 'never'};

/** One typed method per operation of the ${siteName}, named after its operationId (\`CreateSubCustomer\` → \`createSubCustomer\`). */
export interface Methods {
${members.join('\n\n')}
}
`;
}
