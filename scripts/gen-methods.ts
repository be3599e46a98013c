/**
 * The typed method interfaces (types and JSDoc only: what an editor shows on hover, and what the API reference
 * lists): the SDK's, one per site, and the mock control client's. One member per operation, documented from the spec.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { camel, type Json, operationFacts } from './gen-facts.js';
import type { OpenApiDoc } from './zod-emitter.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoUrl = 'https://github.com/partner-center/partner-center/blob/main/';

/** A documented error code: the HTTP status it comes with and its meaning. */
type Catalog = Record<string, { status: number; message: string }>;

/** The guide each tag of the real API's operations is explained in (the generator fails when one is missing). */
const apiGuides: Record<string, string> = {
  Customers: 'customers.md',
  'Real-name authentication': 'customers.md',
  Budgets: 'customers.md',
  Funds: 'funds.md',
  Resellers: 'funds.md',
  'Coupon quotas': 'coupons-and-quotas.md',
  Coupons: 'coupons-and-quotas.md',
};

/**
 * The guide section each control operation is explained in: by operationId first, else by tag (`file#anchor` under
 * docs/guides; the generator fails when the file or the heading is missing).
 */
const controlGuides: { byOperation: Record<string, string>; byTag: Record<string, string> } = {
  byOperation: {
    GetClock: 'scenarios-clock-faults.md#the-virtual-clock',
    SetClock: 'scenarios-clock-faults.md#the-virtual-clock',
    AdvanceClock: 'scenarios-clock-faults.md#the-virtual-clock',
    ApplyScenario: 'scenarios-clock-faults.md#scenarios',
    AddFault: 'scenarios-clock-faults.md#faults',
    ListFaults: 'scenarios-clock-faults.md#faults',
    ClearFaults: 'scenarios-clock-faults.md#faults',
    SetPartnerFunds: 'funds.md#in-the-mock',
    SetConsoleVerification: 'console.md#the-verification-code-gate',
    SendConsoleVerificationCode: 'console.md#the-verification-code-gate',
  },
  byTag: {
    Service: 'mock-ci.md#3-get-credentials-of-your-own-tenants',
    Control: 'mock.md#control-surface',
    Inspection: 'scenarios-clock-faults.md#inspecting',
    Coupons: 'coupons-and-quotas.md#in-the-mock-what-huawei-does',
    'Customer management': 'customers.md#other-customer-operations',
    Console: 'console.md',
  },
};

/** GitHub's anchor of a markdown heading (lower case, punctuation dropped, spaces to hyphens). */
function slug(heading: string) {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** A guide section (`file.md` or `file.md#anchor` under docs/guides): its URL and title, checked to exist. */
function guideSection(target: string, id: string) {
  const [file, anchor] = target.split('#') as [string, string | undefined];
  const path = join(root, 'docs/guides', file);
  if (!existsSync(path)) throw new Error(`${id}: guide docs/guides/${file} does not exist (scripts/gen-methods.ts)`);
  const headings = [...readFileSync(path, 'utf8').matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => m[1]!.replace(/`/g, ''));
  const section = anchor === undefined ? headings[0] : headings.find((h) => slug(h) === anchor);
  if (section === undefined)
    throw new Error(`${id}: docs/guides/${file} has no heading for #${anchor} (scripts/gen-methods.ts)`);
  return {
    url: `${repoUrl}docs/guides/${target}`,
    title: anchor === undefined ? section : `${headings[0]}: ${section}`,
  };
}

/** A JSDoc block (text escaped so that it cannot close the comment). */
function jsdoc(lines: string[], indent: string): string {
  const body = lines.map((l) => (l ? `${indent} * ${l.replace(/\*\//g, '*\\/')}` : `${indent} *`)).join('\n');
  return `${indent}/**\n${body}\n${indent} */`;
}

/** How one interface documents its operations: where the notes, the error codes and the guide link come from. */
interface MethodStyle {
  catalog: Catalog;
  /** Whether the doc names the HTTP method and path (the control surface's, which other languages call directly). */
  http: boolean;
  /** The notes users trip over, beyond the operation's description. */
  notes(name: string, op: Json): string[];
  /** The line introducing the documented error codes. */
  codesIntro(name: string): string;
  /** The `@see` link to the guide. */
  guide(id: string, op: Json): string;
}

/** One documented method signature per operation of the document, as members of an interface. */
function methodMembers(doc: OpenApiDoc, style: MethodStyle): string[] {
  // An unquoted comma in a YAML flow mapping (`{ status: 400, message: a, b }`) ends the message and adds a key.
  for (const [code, entry] of Object.entries(style.catalog)) {
    const keys = Object.keys(entry ?? {})
      .sort()
      .join(',');
    if (keys !== 'message,status' || typeof entry.status !== 'number' || typeof entry.message !== 'string')
      throw new Error(`error catalog: ${code} is not { status, message } but ${JSON.stringify(entry)} (quote it)`);
  }
  return operationFacts(doc).map(({ id, method, path, op }) => {
    const name = camel(id);
    const lines: string[] = [`${String(op.summary ?? id).replace(/\.?$/, '.')}`];
    if (style.http) lines.push('', `\`${method} ${path}\``);
    if (op.description) lines.push('', ...String(op.description).trim().split('\n'));
    const notes = style.notes(name, op);
    if (notes.length) lines.push('', ...notes);
    const codes = (op['x-error-codes'] ?? []) as string[];
    if (codes.length) {
      lines.push('', style.codesIntro(name));
      for (const c of codes) {
        const entry = style.catalog[c];
        if (!entry) throw new Error(`${id}: x-error-codes names ${c}, which no error catalog defines`);
        lines.push(`- \`${c}\` (HTTP ${entry.status}): ${entry.message}`);
      }
    }
    lines.push('', `@see ${style.guide(id, op)}`);
    return `${jsdoc(lines, '  ')}\n  ${name}(...args: ArgsOf<Ops[${JSON.stringify(id)}]>): Promise<OutputOf<Ops[${JSON.stringify(id)}]>>;`;
  });
}

/**
 * The typed method interface of a site, one member per operation with its documentation: summary, the notes users
 * trip over (the operation's description, idempotency, pagination, distributor-only), the documented error codes,
 * and a link to the guide. Types only: it costs nothing at run time, and editors show it on hover.
 */
export function emitMethods(doc: OpenApiDoc, out: string) {
  const siteName = out.endsWith('intl') ? 'international site' : 'China site';
  const members = methodMembers(doc, {
    catalog: (doc['x-error-catalog'] ?? {}) as Catalog,
    http: false,
    notes(name, op) {
      const notes: string[] = [];
      if (op['x-idempotent'] === false)
        notes.push(
          `Not idempotent: the SDK never re-sends it blindly${op['x-reconcile'] ? `; when the outcome is unknown (\`e.uncertain\`), look it up with \`client.reconcile.${name}(input, { since })\` or pass \`{ reconcile: true }\`` : ''}.`,
        );
      if (op['x-pagination'])
        notes.push(`Paged: \`client.paginate.${name}(input)\` iterates every item of every page.`);
      if (op['x-distributor-only'] === true) notes.push('Only a tier-1 distributor may call it.');
      return notes;
    },
    codesIntro: (name) => `Documented error codes (narrow with \`isPartnerCenterError(e, '${name}')\`):`,
    guide(id, op) {
      const tag = (op.tags ?? [])[0] as string | undefined;
      const guide = tag ? apiGuides[tag] : undefined;
      if (!guide) throw new Error(`${id}: no guide for tag ${tag} (scripts/gen-methods.ts \`apiGuides\`)`);
      return `{@link ${guideSection(guide, id).url} | ${tag} guide}`;
    },
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

/**
 * The mock control client's method interface (spec/mock-control.yaml), documented like the SDK's and, because CI
 * jobs in other languages call the same operations over HTTP, with the method and path. `catalog` holds every code
 * the control operations may list: the real API's (spec/errors.yaml) and the console's (`x-console-error-catalog`).
 */
export function emitControlMethods(doc: OpenApiDoc, catalog: Catalog) {
  const members = methodMembers(doc, {
    catalog,
    http: true,
    notes(_name, op) {
      const notes: string[] = [];
      if (Array.isArray(op.security) && op.security.length === 0)
        notes.push('Needs no control token, even when the mock requires them.');
      if (op['x-verification-gate'] === true)
        notes.push(
          'Needs a `verification_code` while the partner has the verification-code gate on (`setConsoleVerification`); without one it answers `CONSOLE.VERIFICATION_REQUIRED`.',
        );
      const paging = op['x-pagination'] as Json | undefined;
      if (paging)
        notes.push(
          `Paged: \`offset\` and \`limit\` choose the page; its items are in \`${paging.items}\`, their total in \`${paging.total}\`.`,
        );
      if (op['x-note']) notes.push(`Where Huawei's documentation is silent: ${String(op['x-note']).trim()}`);
      return notes;
    },
    codesIntro: () => 'Documented error codes (thrown as `MockControlError`, the code in `body.error_code`):',
    guide(id, op) {
      const tag = (op.tags ?? [])[0] as string | undefined;
      const target = controlGuides.byOperation[id] ?? (tag ? controlGuides.byTag[tag] : undefined);
      if (!target) throw new Error(`${id}: no guide for tag ${tag} (scripts/gen-methods.ts \`controlGuides\`)`);
      const { url, title } = guideSection(target, id);
      return `{@link ${url} | ${title}}`;
    },
  });
  return `import type { ArgsOf, OutputOf } from '@partner-center/sdk';
import type { operations as Ops } from './schema.js';

/**
 * One typed method per operation of the mock's control surface (spec/mock-control.yaml), named after its
 * operationId (\`AdvanceClock\` → \`advanceClock\`). A refused call throws \`MockControlError\` with the status and the
 * \`{error_code, error_msg}\` body.
 */
export interface ControlMethods {
${members.join('\n\n')}
}
`;
}
