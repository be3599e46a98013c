import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { emitValidators, type EmitOptions } from './zod-emitter.js';

const doc = (schemas: Record<string, unknown>) => ({ openapi: '3.1.0', components: { schemas }, paths: {} });

/** Writes the emitted module where `zod` resolves (the SDK package's cache folder) and imports it. */
async function load(
  schemas: Record<string, unknown>,
  options: EmitOptions = {},
): Promise<Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>> {
  const dir = fileURLToPath(new URL('../packages/sdk/node_modules/.cache/emitter-test/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `validators-${process.pid}-${Date.now()}.ts`);
  writeFileSync(file, emitValidators(doc(schemas), options));
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('zod emitter', () => {
  it('refuses keywords it does not understand instead of dropping a rule', () => {
    expect(() => emitValidators(doc({ A: { type: 'string', contentEncoding: 'base64' } }))).toThrow(
      /keyword "contentEncoding" is not supported/,
    );
    expect(() => emitValidators(doc({ A: { type: 'object', minProperties: 1 } }))).toThrow(/minProperties/);
    expect(() => emitValidators(doc({ A: { type: 'string', format: 'countrycode-number' } }))).toThrow(
      /has no pattern/,
    );
    expect(() => emitValidators(doc({ A: { $ref: '#/components/schemas/A' } }))).toThrow(/recursive/);
    expect(() => emitValidators(doc({ A: { type: 'number', multipleOf: 0.25 } }))).toThrow(/power of ten/);
  });

  it('marks every schema-building call pure, so a bundle keeps only the schemas it uses', async () => {
    const code = emitValidators(doc({ A: { type: 'string', maxLength: 3 } }));
    expect(code).toContain('export const zA = /*@__PURE__*/ z.string().check(/*@__PURE__*/ maxLen(3))');
    const validators = emitValidators(
      doc({
        Used: { type: 'object', properties: { kept_field: { type: 'string', maxLength: 3 } } },
        Unused: {
          type: 'object',
          properties: {
            dropped_field: { type: 'string', minLength: 1, pattern: '^x', maxLength: 9 },
            n: { type: 'number', multipleOf: 0.01 },
          },
          if: { required: ['n'] },
          then: { required: ['m'] },
        },
      }),
    );
    const out = await build({
      stdin: { contents: `export { zUsed } from 'validators';`, loader: 'ts' },
      plugins: [
        {
          name: 'validators',
          setup(b) {
            b.onResolve({ filter: /^validators$/ }, () => ({ path: 'validators', namespace: 'v' }));
            b.onLoad({ filter: /.*/, namespace: 'v' }, () => ({ contents: validators, loader: 'ts' }));
          },
        },
      ],
      bundle: true,
      write: false,
      format: 'esm',
      treeShaking: true,
      external: ['zod/mini'],
      logLevel: 'silent',
    });
    expect(out.outputFiles[0]!.text).toContain('kept_field');
    expect(out.outputFiles[0]!.text).not.toContain('dropped_field');
  });

  it('fills defaults only when asked (the SDK checks; the mock fills)', async () => {
    const Dflt = { type: 'object', properties: { limit: { type: 'integer', default: 10 } } };
    expect((await load({ Dflt })).zDflt!.safeParse({}).data).toEqual({});
    expect((await load({ Dflt }, { defaults: true })).zDflt!.safeParse({}).data).toEqual({ limit: 10 });
  });

  it('checks multipleOf 0.01 in decimal, counts code points, honours if/then and exclusive oneOf', async () => {
    const v = await load({
      Money: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.01 },
      Short: { type: 'string', maxLength: 2 },
      Cond: {
        type: 'object',
        properties: { a: { type: 'integer' }, b: { type: 'string' } },
        if: { properties: { a: { const: 1 } }, required: ['a'] },
        then: { required: ['b'] },
      },
      One: {
        oneOf: [
          { type: 'string', maxLength: 3 },
          { type: 'string', pattern: '^a' },
        ],
      },
    });
    for (const ok of [0.01, 0.07, 0.29, 19.99, 1e6]) expect(v.zMoney!.safeParse(ok).success).toBe(true);
    for (const bad of [0, 1.005, 0.001, 1e-7]) expect(v.zMoney!.safeParse(bad).success).toBe(false);
    expect(v.zShort!.safeParse('👍👍').success).toBe(true);
    expect(v.zShort!.safeParse('👍👍👍').success).toBe(false);
    expect(v.zCond!.safeParse({ a: 1 }).success).toBe(false);
    expect(v.zCond!.safeParse({ a: 1, b: 'x' }).success).toBe(true);
    expect(v.zCond!.safeParse({ a: 2 }).success).toBe(true);
    expect(v.zOne!.safeParse('xyz').success).toBe(true);
    expect(v.zOne!.safeParse('abc').success).toBe(false);
    expect(v.zOne!.safeParse('abcd').success).toBe(true);
  });
});
