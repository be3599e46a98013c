/**
 * A seeded generator (mulberry32) for ids and codes, so a mock seeded the same way hands out the same ids, and a
 * failing test can be replayed. Its whole state is one number, so snapshots can save it and resume the sequence.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** `n` lower-case hex digits. */
  hex(n: number): string;
  /** `n` decimal digits. */
  digits(n: number): string;
  /** The generator's whole state: a generator created with it continues the same sequence. */
  state(): number;
}

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Built from char codes in one go: a string grown with += is a rope of n nodes until something flattens it.
  const codes: number[] = [];
  const pick = (alphabet: string, n: number) => {
    codes.length = n;
    for (let i = 0; i < n; i++) codes[i] = alphabet.charCodeAt(Math.floor(next() * alphabet.length));
    return String.fromCharCode(...codes);
  };
  return { next, hex: (n) => pick('0123456789abcdef', n), digits: (n) => pick('0123456789', n), state: () => a };
}
