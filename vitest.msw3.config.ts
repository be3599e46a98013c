/**
 * The contract suite (SDK ↔ mock in-process through MSW) with msw 3 instead of the workspace's msw 2, run under
 * Node 22 (msw 3 needs Node ≥ 22.12) by `pnpm test:msw3`: `msw` and `msw/*` resolve to the `msw3` alias
 * (`npm:msw@3.0.5`), in the tests and in the mock's MSW adapter alike, so one copy serves both.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// Spread rather than mergeConfig, which would append to the base's `include` instead of replacing it.
export default defineConfig({
  ...base,
  resolve: { ...base.resolve, alias: [{ find: /^msw(?=\/|$)/, replacement: 'msw3' }] },
  test: {
    ...base.test,
    include: ['test/contract/**/*.test.ts'],
    outputFile: { json: '.tmp/vitest-msw3-report.json' },
  },
});
