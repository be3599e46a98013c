/**
 * Turns a generated validator's verdict into field-level issues that name the field and the spec rule it broke.
 * Shared by the SDK (before sending) and the mock (on receipt), so both explain a violation the same way.
 */
import type * as z from 'zod/mini';

/** One broken field rule. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `customer_infos.0.customer_id`; `""` for the whole body. */
  field: string;
  /** The spec rule, e.g. `maxLength 32`, `pattern ^1[0-9]{10}$`, `required`, `enum zh-cn|en-us`. */
  rule: string;
  /** A readable sentence. */
  message: string;
}

/** A validator verdict: the parsed value (defaults applied) or the issues. */
export type CheckResult<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

/** Runs a generated validator and maps its issues. */
export function checkValue<T>(schema: z.ZodMiniType<T>, value: unknown): CheckResult<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, issues: r.error.issues.flatMap((i) => toIssues(i as RawIssue, [], value)) };
}

interface RawIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  format?: string;
  pattern?: string;
  values?: unknown[];
  divisor?: number;
  keys?: string[];
  errors?: RawIssue[][];
  note?: string;
}

/** The value at a path of the input (zod does not always report it). */
function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v = root as any;
  for (const k of path) v = v?.[k];
  return v;
}

function toIssues(i: RawIssue, prefix: PropertyKey[], root: unknown): FieldIssue[] {
  const path = [...prefix, ...i.path];
  const field = path.map(String).join('.');
  const at = field || 'body';
  switch (i.code) {
    case 'invalid_union': {
      const branches = (i.errors ?? []).filter((b) => b.length > 0);
      if (branches.length === 0)
        return [{ field, rule: 'oneOf', message: `${at} must match exactly one of the allowed forms` }];
      // Tagged forms (a discriminator): every branch refused the same property's value, so list the values allowed.
      const tags = branches.map((b) => b.find((x) => x.code === 'invalid_value' && x.path.length === 1));
      if (tags.every((t) => t && t.path[0] === tags[0]!.path[0])) {
        return toIssues({ ...tags[0]!, values: tags.flatMap((t) => t!.values ?? []) }, path, root);
      }
      // Report the branch that came closest (fewest issues), as a person would read "which rule did I break".
      const best = branches.reduce((a, b) => (score(b) < score(a) ? b : a));
      return best.flatMap((sub) => toIssues(sub, path, root));
    }
    case 'invalid_type': {
      const input = valueAt(root, path);
      if (input === undefined) return [{ field, rule: 'required', message: `${at} is required` }];
      // NaN and ±Infinity are numbers to JavaScript but not to JSON (they would be sent as null).
      if (typeof input === 'number')
        return [{ field, rule: 'finite number', message: `${at} must be a finite number, not ${input}` }];
      return [{ field, rule: `type ${i.expected}`, message: `${at} must be of type ${i.expected}` }];
    }
    case 'too_small':
    case 'too_big': {
      const small = i.code === 'too_small';
      const bound = small ? i.minimum : i.maximum;
      const rule =
        i.origin === 'string'
          ? small
            ? 'minLength'
            : 'maxLength'
          : i.origin === 'array'
            ? small
              ? 'minItems'
              : 'maxItems'
            : small
              ? i.inclusive
                ? 'minimum'
                : 'exclusiveMinimum'
              : i.inclusive
                ? 'maximum'
                : 'exclusiveMaximum';
      const what = i.origin === 'string' ? ' characters' : i.origin === 'array' ? ' items' : '';
      const relation = small ? (i.inclusive ? 'at least' : 'greater than') : i.inclusive ? 'at most' : 'less than';
      return [{ field, rule: `${rule} ${bound}`, message: `${at} must be ${relation} ${bound}${what}` }];
    }
    case 'invalid_format': {
      const pattern = i.pattern ? i.pattern.replace(/^\/(.*)\/[a-z]*$/, '$1') : i.format;
      // The generated validators carry the spec's description of the field as the message; zod's own starts "Invalid".
      const words = i.message && !i.message.startsWith('Invalid') ? `${at} is not valid: ${i.message}` : undefined;
      return [{ field, rule: `pattern ${pattern}`, message: words ?? `${at} must match pattern ${pattern}` }];
    }
    case 'invalid_value':
      return [
        {
          field,
          rule: `enum ${(i.values ?? []).map(String).join('|')}`,
          message: `${at} must be one of ${(i.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`,
        },
      ];
    case 'not_multiple_of':
      return [{ field, rule: `multipleOf ${i.divisor}`, message: `${at} must be a multiple of ${i.divisor}` }];
    case 'unrecognized_keys':
      return (i.keys ?? []).map((k) => ({
        field: [...path, k].join('.'),
        rule: 'additionalProperties false',
        message: `${k} is not allowed`,
      }));
    default:
      return [{ field, rule: i.message === 'is required' ? 'required' : i.code, message: `${at} ${i.message}` }];
  }
}

function score(branch: RawIssue[]): number {
  // A branch that failed on a type mismatch, on its tag (another form's discriminator value) or on "must be empty"
  // (the `maxLength 0` form the spec allows beside a real value) is a worse explanation than one that failed on a rule.
  return branch.reduce(
    (n, i) => n + (i.code === 'invalid_type' || i.code === 'invalid_value' || i.maximum === 0 ? 10 : 1),
    0,
  );
}

/** One line summarising the issues, as used in error messages. */
export function describeIssues(issues: FieldIssue[]): string {
  // Several patterns of one field share its description: said once.
  return [...new Set(issues.map((i) => i.message))].join('; ');
}
