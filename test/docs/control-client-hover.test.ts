/**
 * What an editor shows for the mock's control client, through the TypeScript language service over a consumer's
 * file importing `@partner-center/mock`: each control method's hover text is its generated documentation (summary,
 * HTTP method and path, notes, documented error codes, guide section), read from spec/mock-control.yaml, and a
 * wrong input still fails to compile (the documented interface keeps the operations' types).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsumerService, consumerService } from '../support/language-service.js';
import { repoRoot } from '../support/mock-process.js';

const source = `
import { createControlClient, createMock } from '@partner-center/mock';

const control = createControlClient({ baseUrl: 'http://127.0.0.1:4010' });
export async function f() {
  await control./*hover:advance*/advanceClock({ seconds: 60 });
  await createMock().control./*hover:disassociate*/requestDisassociation({ partner_id: 'p', customer_id: 'c', reason: 'moving' });
  await control.advanceClock({ /*wrong:input*/minutes: 1 });
  return control.latestCode('+86-13800000000');
}
`;

/** A control operation's summary and notes as the spec states them. */
function specOperation(id: string) {
  const doc = JSON.parse(readFileSync(join(repoRoot, 'mock-server/src/generated/control/openapi.json'), 'utf8'));
  for (const item of Object.values(doc.paths) as Record<string, { operationId?: string }>[])
    for (const op of Object.values(item)) if (op?.operationId === id) return op as Record<string, unknown>;
  throw new Error(`no control operation ${id}`);
}

let consumer: ConsumerService;
beforeAll(() => {
  consumer = consumerService('test/docs/__consumer__.ts', source);
});

describe('the control client as an editor shows it', () => {
  it('shows a control method’s spec on hover: summary, method and path, guide section', () => {
    const { docs, tags } = consumer.hover('hover:advance');
    expect(docs).toContain(`${specOperation('AdvanceClock').summary}.`);
    expect(docs).toContain('`POST /_mock/clock/advance`');
    expect(tags).toMatch(/^@see .*docs\/guides\/scenarios-clock-faults\.md#the-virtual-clock/m);
  });

  it('shows a console method’s description, gate and documented error codes on hover', () => {
    const op = specOperation('RequestDisassociation');
    const { docs, tags } = consumer.hover('hover:disassociate');
    expect(docs).toContain('`POST /_mock/console/associations/disassociate`');
    expect(docs).toContain(String(op.description).split('. ')[0]);
    expect(docs).toContain('CONSOLE.VERIFICATION_REQUIRED');
    const codes = op['x-error-codes'] as string[];
    expect(codes.length).toBeGreaterThan(3);
    for (const code of codes) expect(docs).toContain(`\`${code}\` (HTTP 400)`);
    expect(tags).toMatch(/^@see .*docs\/guides\/console\.md/m);
  });

  it('keeps the operations’ types: a wrong input is the only error', () => {
    const diagnostics = consumer.diagnostics();
    expect(diagnostics.map((d) => d.at)).toEqual([consumer.at('wrong:input')]);
    expect(diagnostics[0]!.text).toContain("'minutes' does not exist");
  });
});
