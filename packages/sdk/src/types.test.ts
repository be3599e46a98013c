/**
 * What a user's editor and compiler see, through the TypeScript language service over a consumer's file importing
 * `@partner-center/sdk`: hover text of the generated methods (summary, notes, error codes, guide), `e.code` after
 * `instanceof` and after `isPartnerCenterError(e, method)` (a wrong code fails to compile), typed
 * `error_details[].error_code`, and options that accept `undefined` under `exactOptionalPropertyTypes`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const file = resolve(root, 'packages/sdk/src/__consumer__.ts');

const source = `
import { createPartnerClient, isPartnerCenterError, PartnerCenterError } from '@partner-center/sdk';
import { createPartnerClient as cnClient } from '@partner-center/sdk/cn';

const client = cnClient({ credentials: { accessKey: 'AK', secretKey: 'SK' }, baseUrl: process.env.MOCK_URL });
export async function f(signal: AbortSignal | undefined) {
  try {
    await client./*hover:create*/createSubCustomer({ xaccount_id: 'x', xaccount_type: 't' }, { signal });
    const r = await client.updateCouponQuotas({ quota_id: 'q', indirect_partner_ids: ['p'], quota_amount: 100 });
    for (const d of r.error_details ?? []) if (d.error_code === 'CBC.0100') return d.id;
    const page = await client.paginate.listSubCustomers({}).all();
    return page.map((c) => c.customer_id);
  } catch (e) {
    if (e instanceof PartnerCenterError) {
      const any: 'CBC.0100' extends typeof e.code ? (0 extends 1 & typeof e.code ? 'any' : 'union') : 'other' = 'union';
      if (e.code === 'CBC.0100') return any;
      if (e.code === /*wrong:global*/'CBC.9999') return 'never';
    }
    if (isPartnerCenterError(e, 'updateCustomerAccountAmount')) {
      switch (e.code) {
        case 'CBC.99000000':
        case 'UNDOCUMENTED':
          return 'ok';
        case /*wrong:op*/'CBC.99000029': // documented, but for createSubCustomer, not this method
          return 'never';
      }
    }
    throw e;
  }
}
export const both = createPartnerClient({ site: 'intl', credentials: { token: 'T' }, hooks: undefined });
`;

let service: ts.LanguageService;
const at = (marker: string) => {
  const i = source.indexOf(`/*${marker}*/`);
  if (i < 0) throw new Error(`no marker ${marker}`);
  return i + marker.length + 4;
};

beforeAll(() => {
  const config = ts.readConfigFile(resolve(root, 'tsconfig.base.json'), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(
    { ...config, compilerOptions: { ...config.compilerOptions, exactOptionalPropertyTypes: true, types: ['node'] } },
    ts.sys,
    root,
  );
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = name === file ? source : ts.sys.fileExists(name) ? readFileSync(name, 'utf8') : undefined;
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  service = ts.createLanguageService(host, ts.createDocumentRegistry());
});

describe('types as a consumer sees them', () => {
  it('shows the spec on hover: summary, notes, documented codes, guide link', () => {
    const info = service.getQuickInfoAtPosition(file, at('hover:create'))!;
    const docs = ts.displayPartsToString(info.documentation);
    const tags = (info.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`).join('\n');
    expect(docs).toContain('Create a customer account and associate it with the partner.');
    expect(docs).toContain('the association completes asynchronously');
    expect(docs).toContain('client.reconcile.createSubCustomer');
    expect(docs).toContain('`CBC.99000029` (HTTP 400)');
    expect(tags).toMatch(/@see .*docs\/guides\/customers\.md/);
  });

  it('compiles the right codes and refuses the wrong ones (exactOptionalPropertyTypes on)', () => {
    const diagnostics = [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].map(
      (d) => ({
        code: d.code,
        at: d.start,
        text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      }),
    );
    // Exactly two errors, one on each wrong code's line: a code no operation documents (TS2367, after instanceof),
    // and a documented code the narrowed method does not answer (TS2678, in its switch). Anything else (an `any`
    // code, an option refusing `undefined`, an untyped error_details code) would add an error or remove one.
    const line = (pos: number) => source.slice(0, pos).split('\n').length;
    expect(diagnostics.map((d) => [d.code, line(d.at!)])).toEqual([
      [2367, line(at('wrong:global'))],
      [2678, line(at('wrong:op'))],
    ]);
    expect(diagnostics[0]!.text).toContain('"CBC.9999"');
    expect(diagnostics[1]!.text).toContain('"CBC.99000029"');
  });
});
