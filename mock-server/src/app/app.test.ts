import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../kernel/clock.js';
import { createRandom } from '../kernel/random.js';
import { FaultSet } from './faults.js';
import { loadStateFile, openStateFile } from './state-file.js';
import { createStatefulClock, createTimeSource } from './time.js';

describe('stateful time and randomness', () => {
  it('draws the same sequence for the same seed, and a generator resumed from a saved state continues it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(fc.constantFrom('hex', 'digits', 'next'), { maxLength: 30 }),
        (seed, calls) => {
          const a = createRandom(seed);
          const b = createRandom(seed);
          for (const c of calls) {
            if (c === 'next') expect(b.next()).toBe(a.next());
            else expect(b[c](7)).toBe(a[c](7));
          }
          const resumed = createRandom(b.state());
          expect(resumed.hex(16)).toBe(a.hex(16));
        },
      ),
    );
  });

  it('behaves as domain/clock.ts and pins real time while a command runs', () => {
    let real = 1_000_000;
    const time = createTimeSource();
    const realNow = () => real;
    const domain = createClock({ start: 5_000, realNow });
    const mine = createStatefulClock({ now: realNow, pinned: time.pinned }, { start: 5_000 });
    real += 250;
    expect(mine.now()).toBe(domain.now());
    mine.advance(1000);
    domain.advance(1000);
    mine.set(9_000, true);
    domain.set(9_000, true);
    real += 77;
    expect(mine.now()).toBe(domain.now());
    expect(mine.frozen).toBe(true);

    const pinnedClock = createStatefulClock(time, {});
    const inside = time.pinned(42_000, () => [pinnedClock.now(), pinnedClock.now()]);
    expect(inside[0]).toBe(inside[1]);
    expect(createStatefulClock(time, { state: pinnedClock.state() }).state()).toEqual(pinnedClock.state());
  });
});

describe('fault rules', () => {
  it('fires on the n-th matching call only, counting per rule and per operation', () => {
    const faults = new FaultSet();
    faults.add({ action: 'error', operation: 'A', nth: 3, status: 503 });
    const fired = ['A', 'B', 'A', 'A', 'A'].map((op) => faults.decide(op).action?.status);
    expect(fired).toEqual([undefined, undefined, undefined, 503, undefined]);
    expect(faults.list()[0]).toMatchObject({ calls: 4, fired: 1 });
  });

  it('fires with a seeded probability: the same seed gives the same calls', () => {
    const pattern = (seed: number) => {
      const faults = new FaultSet();
      faults.add({ action: 'rate_limit', probability: 0.3, seed });
      return Array.from({ length: 200 }, () => (faults.decide('X').action ? 1 : 0)).join('');
    };
    expect(pattern(7)).toBe(pattern(7));
    expect(pattern(7)).not.toBe(pattern(8));
    const hits = [...pattern(7)].filter((c) => c === '1').length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it('adds latency from every firing rule and applies at most one other action; times limits firings', () => {
    const faults = new FaultSet();
    faults.add({ action: 'latency', latency_ms: 5 });
    faults.add({ action: 'latency', latency_ms: 7, times: 1 });
    faults.add({ action: 'reset', times: 2 });
    faults.add({ action: 'error' });
    expect(faults.decide('X')).toMatchObject({ latencyMs: 12, action: { action: 'reset' } });
    expect(faults.decide('X')).toMatchObject({ latencyMs: 5, action: { action: 'reset' } });
    expect(faults.decide('X')).toMatchObject({ latencyMs: 5, action: { action: 'error' } });
    const id = faults.list()[3]!.fault_id;
    expect(faults.remove(id)).toBe(true);
    expect(faults.remove(id)).toBe(false);
    expect(faults.decide('X').action).toBeUndefined();
  });
});

describe('state file', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'pc-state-'));
    dirs.push(d);
    return join(d, 'state.bin');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('journals commands durably and ignores (and cuts) a torn last line', () => {
    const path = tmp();
    const file = openStateFile<{ n: number }>(path);
    file.append({ seq: 1, n: 10 });
    file.append({ seq: 2, n: 20 });
    file.close();
    appendFileSync(`${path}.journal`, '{"seq":3,"n":3');
    const loaded = loadStateFile<unknown, { n: number }>(path);
    expect(loaded.entries.map((e) => e.n)).toEqual([10, 20]);
    expect(loaded.tornTail).toBe(true);
    expect(readFileSync(`${path}.journal`, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('refuses a damaged line that is not the last', () => {
    const path = tmp();
    writeFileSync(`${path}.journal`, '{"seq":1}\nnot json\n{"seq":2}\n');
    expect(() => loadStateFile(path)).toThrow(/line 2/);
  });

  it('snapshots atomically, truncates the journal, and skips journaled commands the snapshot already holds', () => {
    const path = tmp();
    const file = openStateFile<{ n: number }>(path);
    file.append({ seq: 1, n: 1 });
    file.append({ seq: 2, n: 2 });
    file.snapshot(2, { total: 3, map: new Map([['a', { x: 1 }]]) });
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe('');
    file.append({ seq: 3, n: 3 });
    file.close();
    // A crash between the rename and the truncation: the old commands are still in the journal.
    writeFileSync(`${path}.journal`, ['{"seq":1,"n":1}', '{"seq":2,"n":2}', '{"seq":3,"n":3}', ''].join('\n'));
    const loaded = loadStateFile<{ total: number; map: Map<string, { x: number }> }, { n: number }>(path);
    expect(loaded.snapshot?.seq).toBe(2);
    expect(loaded.snapshot?.data.map.get('a')).toEqual({ x: 1 });
    expect(loaded.entries.map((e) => e.n)).toEqual([3]);
  });
});
