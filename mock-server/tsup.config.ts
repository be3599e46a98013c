import { defineConfig } from 'tsup';

const shared = {
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  external: ['msw', 'zod', 'openapi-fetch', '@partner-center/sdk'],
} as const;

export default defineConfig([
  { ...shared, entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, clean: true },
  // The bin uses top-level await, so it is ESM only.
  { ...shared, entry: ['src/cli.ts'], format: ['esm'], dts: false, clean: false },
]);
