import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mswEnv, type TestEnv } from '../support/env.js';
import { fidelityScenarios } from '../scenarios/fidelity.js';

fidelityScenarios('in-process through MSW', async () => mswEnv());

describe('sparse answers can be turned off (setting sparseResponses: false)', () => {
  let env: TestEnv;
  beforeAll(() => {
    env = mswEnv({ settings: { sparseResponses: false } });
  });
  afterAll(() => env.close());

  it('answers every field, empty ones included', async () => {
    await env.control.reset();
    const sp = env.client({ role: 'solution_provider' });
    expect(await sp.listSubCustomers({ customer_id: 'f'.repeat(32) })).toEqual({ count: 0, customer_infos: [] });
  });
});
