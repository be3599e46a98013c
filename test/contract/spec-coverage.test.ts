/**
 * Every operation the spec declares works end to end: the SDK has its method, the mock implements it, and a contract
 * or end-to-end test calls it. The same holds for the control surface. Adding an operation to the spec without the
 * rest fails here.
 */
import { createPartnerClient } from '@partner-center/sdk';
import { operationTables } from '@partner-center/sdk/internal';
import { createControlClient, createEngine } from '@partner-center/mock';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiHandlerFor, apiHandlers } from '../../mock-server/src/operations/api.js';
import { controlHandlerFor, controlHandlers } from '../../mock-server/src/operations/control.js';
import {
  methodNames as controlMethodNames,
  operations as controlOperations,
} from '../../mock-server/src/generated/control/operations.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string {
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8'))
    .join('\n');
}

const camel = (id: string) => id[0]!.toLowerCase() + id.slice(1);
// Tests that exercise the real API through the SDK: contract and end-to-end suites and the scenarios they share.
const testCode = sources('test/contract') + sources('test/e2e') + sources('test/scenarios');

describe('spec coverage', () => {
  for (const site of ['cn', 'intl'] as const) {
    const client = createPartnerClient({
      site,
      credentials: { accessKey: 'AK', secretKey: 'SK' },
    }) as unknown as Record<string, unknown>;
    for (const id of Object.keys(operationTables[site])) {
      it(`${site} ${id}: SDK method, mock handler and a test`, () => {
        expect(typeof client[camel(id)], `SDK method ${camel(id)}`).toBe('function');
        expect(apiHandlerFor(id), `mock handler for ${id}`).toBeTypeOf('function');
        expect(testCode.includes(`.${camel(id)}(`), `a test calling .${camel(id)}(`).toBe(true);
      });
    }
  }

  it('every control operation has a handler, a client method and a test', () => {
    const control = createControlClient({ engine: createEngine() }) as unknown as Record<string, unknown>;
    const allTests = testCode + sources('mock-server/src');
    const missing: string[] = [];
    for (const id of Object.keys(controlOperations)) {
      const method = controlMethodNames[id as keyof typeof controlMethodNames];
      if (typeof controlHandlerFor(id) !== 'function') missing.push(`${id}: handler`);
      if (typeof control[method] !== 'function') missing.push(`${id}: client method ${method}`);
      if (!allTests.includes(`.${method}(`)) missing.push(`${id}: a test calling .${method}(`);
    }
    expect(missing).toEqual([]);
  });

  it('the mock implements nothing the spec does not declare', () => {
    const declared = new Set([...Object.keys(operationTables.cn), ...Object.keys(operationTables.intl)]);
    expect(Object.keys(apiHandlers).filter((id) => !declared.has(id))).toEqual([]);
    expect(Object.keys(controlHandlers).filter((id) => !(id in controlOperations))).toEqual([]);
  });
});
