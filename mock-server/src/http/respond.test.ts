import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextResponse, toDirectResponse, toJson } from './respond.js';

/** Deep-freezes a JSON-like value (what the domain promises of the list entries it freezes). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('toJson', () => {
  it('writes what JSON.stringify writes, frozen list entries included', () => {
    const entry = fc.dictionary(fc.string(), fc.jsonValue()).map(deepFreeze);
    const member = fc.oneof(
      fc.jsonValue(),
      fc.array(entry),
      fc.array(fc.oneof(entry, fc.jsonValue(), fc.constant(undefined))),
      fc.constant(undefined),
      fc.constant(() => 1),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), member), (body) => {
        expect(toJson(body)).toBe(JSON.stringify(body));
        // Twice: the second time from the kept texts.
        expect(toJson(body)).toBe(JSON.stringify(body));
      }),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        expect(toJson(body)).toBe(JSON.stringify(body));
      }),
      { numRuns: 500 },
    );
    const frozen = deepFreeze({ a: 1, at: new Date(0) });
    for (const body of [
      {},
      { list: [frozen, null, undefined, 2] },
      { list: [frozen], toJSON: () => 'custom' },
      Object.assign(Object.create({ inherited: 1 }), { list: [frozen] }),
      { '2': 'b', '1': [frozen], z: [frozen] },
    ]) {
      expect(toJson(body)).toBe(JSON.stringify(body));
    }
  });
});

describe('TextResponse (what mock.fetch answers with)', () => {
  const text = '{"check_result":"available","name":"名前 ✓"}';
  const init = { status: 201, headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Request-Id': 'r1' } };
  // Each way of reading a body, run on a TextResponse and on a plain Response of the same text.
  const reads: Record<string, (r: Response) => Promise<unknown>> = {
    text: (r) => r.text(),
    json: (r) => r.json(),
    arrayBuffer: async (r) => new Uint8Array(await r.arrayBuffer()),
    blob: async (r) => (await r.blob()).text(),
    bytes: (r) => (r as Response & { bytes(): Promise<Uint8Array> }).bytes(),
    stream: async (r) => new Uint8Array(await new Response(r.body).arrayBuffer()),
    clone: (r) => r.clone().text(),
  };
  const outcome = (p: Promise<unknown>) =>
    p.then(
      (value) => ({ value }),
      (e: Error) => ({ error: e.constructor.name }),
    );

  it('is a Response with the status, headers and body of the answer', async () => {
    const r = new TextResponse(text, init);
    expect(r).toBeInstanceOf(Response);
    expect([r.status, r.ok, r.headers.get('x-request-id'), r.bodyUsed]).toEqual([201, true, 'r1', false]);
    expect(await r.json()).toEqual(JSON.parse(text));
    expect(r.bodyUsed).toBe(true);
  });

  it('reads, and refuses a second read or a clone after one, as a plain Response does, whichever way it is read', async () => {
    for (const [first, read] of Object.entries(reads)) {
      for (const [second, again] of Object.entries(reads)) {
        const ours = new TextResponse(text, init);
        const plain = new Response(text, init);
        expect(await outcome(read(ours)), `${first}`).toEqual(await outcome(read(plain)));
        expect(ours.bodyUsed, `${first} then bodyUsed`).toBe(plain.bodyUsed);
        expect(await outcome(Promise.resolve().then(() => again(ours))), `${first} then ${second}`).toEqual(
          await outcome(Promise.resolve().then(() => again(plain))),
        );
      }
    }
  });

  it('rejects a body that is not JSON as a plain Response does', async () => {
    const broken = 'not json';
    expect(await outcome(new TextResponse(broken, init).json())).toEqual(await outcome(new Response(broken).json()));
  });

  it('is built only for answers with a body; empty answers and dropped connections stay plain', () => {
    expect(toDirectResponse({ status: 200, headers: {}, body: '{}' })).toBeInstanceOf(TextResponse);
    const empty = toDirectResponse({ status: 204, headers: {} });
    expect(empty).not.toBeInstanceOf(TextResponse);
    expect(empty.body).toBeNull();
    expect(toDirectResponse({ status: 0, headers: {}, body: '{}', networkError: true }).type).toBe('error');
  });
});
