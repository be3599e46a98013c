/**
 * The issue formatter names the field and the spec rule a request broke, also through the shapes the generated
 * validators use for `oneOf` (z.xor), enums (multi-value literals) and if/then requirements.
 */
import { describe, expect, it } from 'vitest';
import * as cn from '../generated/cn/validators.js';
import { checkValue, describeIssues } from './issues.js';

const issuesOf = (schema: Parameters<typeof checkValue>[0], value: unknown) => {
  const r = checkValue(schema, value);
  if (r.ok) throw new Error('expected a refusal');
  return r.issues;
};

describe('checkValue', () => {
  it('lists every tag value when no form of a tagged oneOf accepts the tag', () => {
    expect(issuesOf(cn.zCheckUserIdentityBody, { search_type: 'phone', search_value: 'x' })).toEqual([
      {
        field: 'search_type',
        rule: 'enum name|email|mobile',
        message: 'search_type must be one of "name", "email", "mobile"',
      },
    ]);
  });

  it('explains a tagged value by the form its tag selects, not by a form that rejects the tag', () => {
    const issues = issuesOf(cn.zCheckUserIdentityBody, { search_type: 'mobile', search_value: '13912345678' });
    expect(issues.map((i) => i.field)).toEqual(['search_value', 'search_value']);
    expect(issues.map((i) => i.rule)).toEqual(['pattern ^[0-9]+-[0-9]+$', 'pattern ^0086-']);
  });

  it('names the allowed values of a numeric enum', () => {
    const issues = issuesOf(cn.zSendVerificationMessageCodeBody, {
      receiver_type: 1,
      mobile_phone: '13912345678',
      scene: 7,
    });
    expect(issues).toEqual([{ field: 'scene', rule: 'enum 29|18', message: 'scene must be one of 29, 18' }]);
  });

  it('reports a field an if/then makes required as required', () => {
    const issues = issuesOf(cn.zSendVerificationMessageCodeBody, {
      receiver_type: 1,
      mobile_phone: '13912345678',
      scene: 18,
    });
    expect(issues).toEqual([{ field: 'customer_id', rule: 'required', message: 'customer_id is required' }]);
    expect(describeIssues(issues)).toBe('customer_id is required');
  });

  it('passes the value through unchanged when it is valid (the SDK validators fill no defaults)', () => {
    expect(checkValue(cn.zListSubCustomersBody, {})).toEqual({ ok: true, data: {} });
  });
});

describe('messages a person can act on', () => {
  it('names NaN and Infinity instead of calling the field missing', async () => {
    const { operations } = await import('../generated/cn/operations.js');
    const r = checkValue(operations.UpdateCustomerAccountAmount.body, {
      customer_id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      amount: Number.NaN,
    });
    expect(r.ok ? [] : r.issues).toEqual([
      { field: 'amount', rule: 'finite number', message: 'amount must be a finite number, not NaN' },
    ]);
    const inf = checkValue(operations.ListSubCustomers.body, { limit: Number.POSITIVE_INFINITY });
    expect(inf.ok ? '' : inf.issues[0]!.message).toBe('limit must be a finite number, not Infinity');
  });

  it('explains a value against its real form, not against the empty-string form beside it', async () => {
    const { operations } = await import('../generated/cn/operations.js');
    const r = checkValue(operations.CreateSubCustomer.body, {
      xaccount_id: 'x',
      xaccount_type: 't',
      domain_name: '1234',
    });
    const rules = r.ok ? [] : r.issues.map((i) => i.rule);
    expect(rules).toContain('minLength 5');
    expect(rules).not.toContain('maxLength 0');
  });
});
