/**
 * Every error code the spec documents with HTTP 200 (the service answers the refusal with status 200 and the error
 * body) has its own end-to-end scenario in test/scenarios/fidelity.ts, run in-process and over HTTP: a code added to
 * spec/errors.yaml with status 200 and no scenario fails here.
 */
import { errorCatalog } from '@partner-center/sdk';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { root } from './spec-fields.js';

// The catalog generated from spec/errors.yaml.
const catalog = errorCatalog as Record<string, { status: number }>;
const scenarios = readFileSync(`${root}test/scenarios/fidelity.ts`, 'utf8');

/** The codes a scenario title says are answered with HTTP 200. */
const covered = (text: string) =>
  [...text.matchAll(/it\('answers (CBC\.\d+) \([^)]*\) with HTTP 200/g)].map((m) => m[1]!).sort();

describe('errors answered with HTTP 200', () => {
  const documented = Object.entries(catalog)
    .filter(([, e]) => e.status === 200)
    .map(([code]) => code)
    .sort();

  it('each has an end-to-end scenario', () => {
    expect(documented.length).toBeGreaterThan(0);
    expect(covered(scenarios)).toEqual(documented);
  });

  it('catches a 200 code without its scenario', () => {
    const without = scenarios.replace("it('answers CBC.5001", "it('refuses CBC.5001");
    expect(covered(without)).not.toEqual(documented);
  });
});
