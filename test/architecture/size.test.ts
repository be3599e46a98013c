/** Hand-written source stays readable: no file over 400 lines, no function over 80 (generated code and tests aside). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_LINES, MAX_FUNCTION_LINES, oversized, oversizedIn } from './size.js';

describe('source size limits', () => {
  it('hold for the mock, the SDK and the scripts', () => {
    const found = oversized(join(import.meta.dirname, '../..')).map(
      (o) => `${o.file}:${o.line} ${o.what} (${o.lines})`,
    );
    expect(found).toEqual([]);
  });

  it('catch a seeded file of 401 lines and a seeded function of 81 lines, and nothing at the limits', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const fn = (name: string, lines: number) => `export function ${name}() {\n${body(lines - 2)}\n}\n`;
    expect(oversizedIn('at-limit.ts', fn('ok', MAX_FUNCTION_LINES))).toEqual([]);
    expect(oversizedIn('long-fn.ts', fn('tooLong', MAX_FUNCTION_LINES + 1))).toEqual([
      { file: 'long-fn.ts', what: 'tooLong', line: 1, lines: 81, limit: MAX_FUNCTION_LINES },
    ]);
    const arrow = `export const handler = () => {\n${body(MAX_FUNCTION_LINES - 1)}\n};\n`;
    expect(oversizedIn('arrow.ts', arrow).map((o) => o.what)).toEqual(['handler']);
    const file = `${Array.from({ length: MAX_FILE_LINES + 1 }, (_, i) => `export const c${i} = ${i};`).join('\n')}\n`;
    expect(oversizedIn('long-file.ts', file)).toEqual([
      { file: 'long-file.ts', what: '<file>', line: 1, lines: 401, limit: MAX_FILE_LINES },
    ]);
    expect(oversizedIn('at-limit-file.ts', file.split('\n').slice(1).join('\n'))).toEqual([]);
  });
});
