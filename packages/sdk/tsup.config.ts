import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per site besides the main one; shared chunks (splitting, in CJS too) keep one copy of each class, so
  // `instanceof PartnerCenterError` holds whichever entry created the client.
  entry: ['src/index.ts', 'src/cn.ts', 'src/intl.ts', 'src/internal.ts'],
  splitting: true,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['zod', 'openapi-fetch'],
});
