import { defineConfig } from 'tsup';

const shared = {
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  external: ['msw', 'zod', 'openapi-fetch', '@partner-center/sdk'],
} as const;

export default defineConfig([
  // splitting also for CJS: tsup then converts the ESM output with an interop that honours `__esModule`; esbuild's
  // own CJS output treats openapi-fetch's `exports.default` as the module itself (`createClient is not a function`).
  // shims: the web console's files are found next to the bundle through import.meta.url, which CJS lacks.
  { ...shared, entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, clean: true, splitting: true, shims: true },
  // The bin uses top-level await, so it is ESM only.
  { ...shared, entry: ['src/cli.ts'], format: ['esm'], dts: false, clean: false },
]);
