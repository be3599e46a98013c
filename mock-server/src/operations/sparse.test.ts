import { describe, expect, it } from 'vitest';
import { sparse, type SparsePlan } from './sparse.js';

const plan: SparsePlan = {
  r: ['total_count'],
  o: { records: { i: { r: ['id'], o: { limits: { i: { r: [] } } } } } },
};

describe('sparse answers', () => {
  it('leaves out optional fields whose value is empty, keeps required ones, zeros and false', () => {
    const answer = {
      total_count: 0,
      note: '',
      records: [{ id: '', memo: null, amount: 0, ok: false, limits: [{ key: 'k', values: [] }], tags: {} }],
    };
    expect(sparse(answer, plan)).toEqual({
      total_count: 0,
      records: [{ id: '', amount: 0, ok: false, limits: [{ key: 'k' }] }],
    });
    expect(sparse({ total_count: 1, records: [] }, plan)).toEqual({ total_count: 1 });
  });

  it('never mutates the answer, and returns it as is when nothing is left out', () => {
    const answer = { total_count: 1, records: [{ id: 'a', amount: 1 }] };
    const copy = structuredClone(answer);
    expect(sparse(answer, plan)).toBe(answer);
    const withEmpty = { total_count: 1, records: [{ id: 'a', memo: '' }] };
    sparse(withEmpty, plan);
    expect(withEmpty).toEqual({ total_count: 1, records: [{ id: 'a', memo: '' }] });
    expect(answer).toEqual(copy);
  });

  it('keeps one frozen copy per frozen entry (the JSON cache of list entries keys on them)', () => {
    const entry = Object.freeze({ id: 'a', memo: '' });
    const first = sparse({ total_count: 1, records: [entry] }, plan) as { records: object[] };
    const second = sparse({ total_count: 1, records: [entry] }, plan) as { records: object[] };
    expect(first.records[0]).toBe(second.records[0]);
    expect(Object.isFrozen(first.records[0])).toBe(true);
    expect(first.records[0]).toEqual({ id: 'a' });
  });
});
