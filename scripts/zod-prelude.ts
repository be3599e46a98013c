/**
 * The runtime helpers the zod emitter (scripts/zod-emitter.ts) writes at the top of every generated validators file:
 * code-point lengths, decimal steps, `if`/`then`, unique items. Kept apart because it is code as text, not emitter logic.
 */
/** The helpers every generated file carries (emitted, so generated code imports nothing hand-written). */
export const PRELUDE = `import * as z from 'zod/mini';

/** Code points, as JSON Schema counts string length. */
const cpLength = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else { n++; i++; }
  }
  return n;
};
const minLen = (min: number) =>
  z.superRefine<string>((s, ctx) => {
    if (cpLength(s) < min) ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: s, message: \`must be at least \${min} characters\` });
  });
const maxLen = (max: number) =>
  z.superRefine<string>((s, ctx) => {
    if (cpLength(s) > max) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: s, message: \`must be at most \${max} characters\` });
  });
/** Decimal multipleOf for steps 10^-k (money: 0.01), exact for every JSON number: no float remainder. */
const step = (unit: number) => {
  const places = Math.max(0, -Math.round(Math.log10(unit)));
  return z.superRefine<number>((n, ctx) => {
    const text = String(n);
    const exp = /e-(\\d+)$/.exec(text);
    const decimals = exp ? Number(exp[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0) : (text.split('.')[1]?.length ?? 0);
    if (decimals > places) ctx.addIssue({ code: 'not_multiple_of', origin: 'number', divisor: unit, input: n, message: \`must be a multiple of \${unit}\` });
  });
};
/** JSON Schema \`if\`/\`then\`: when \`cond\` accepts the value, \`then\` must accept it too. */
const when = <T>(cond: z.ZodMiniType, then: z.ZodMiniType) =>
  z.superRefine<T>((value, ctx) => {
    if (!cond.safeParse(value).success) return;
    const r = then.safeParse(value);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...issue, input: value } as never);
  });
const unique = /*@__PURE__*/ z.superRefine<unknown[]>((a, ctx) => {
  if (new Set(a.map((x) => JSON.stringify(x))).size !== a.length) ctx.addIssue({ code: 'custom', input: a, message: 'items must be unique' });
});
`;
