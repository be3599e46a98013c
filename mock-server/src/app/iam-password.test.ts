import { describe, expect, it } from 'vitest';
import { passwordMatches, saltedPasswordHash } from './iam-password.js';

describe('IAM passwords in the state journal', () => {
  it('keeps a salted hash that verifies the password and nothing else', () => {
    const a = saltedPasswordHash('Mock-DEMOSP-Pass1');
    const b = saltedPasswordHash('Mock-DEMOSP-Pass1');
    expect(a).not.toContain('Mock-DEMOSP-Pass1');
    expect(a).not.toBe(b);
    expect(passwordMatches(a, 'Mock-DEMOSP-Pass1')).toBe(true);
    expect(passwordMatches(b, 'Mock-DEMOSP-Pass1')).toBe(true);
    expect(passwordMatches(a, 'Mock-DEMOSP-Pass2')).toBe(false);
    expect(passwordMatches('Mock-DEMOSP-Pass1', 'Mock-DEMOSP-Pass1')).toBe(false);
  });
});
