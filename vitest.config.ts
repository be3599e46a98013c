import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests, so no build is needed to run them.
  resolve: { conditions: ['partner-center:source'] },
  ssr: { resolve: { conditions: ['partner-center:source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'mock-server/src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    testTimeout: 20_000,
    // In-process MSW suites and real-HTTP suites live in separate files; each file runs in its own worker.
    pool: 'forks',
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/vitest-report.json' },
  },
});
