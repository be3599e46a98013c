/**
 * The mock's virtual clock. Everything time-dependent in the domain (code expiry, send caps, asynchronous
 * association, token expiry) reads this clock, so a test can jump hours ahead without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch, virtual. */
  now(): number;
  /** Whether the clock only moves when told to. */
  readonly frozen: boolean;
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** Jumps to an instant; `frozen` stops (or restarts) the clock there. */
  set(epochMs: number, frozen?: boolean): void;
}

/** A clock that runs with real time from an offset, or stands still when frozen. */
export function createClock(options: { start?: number; frozen?: boolean; realNow?: () => number } = {}): Clock {
  const realNow = options.realNow ?? Date.now;
  let frozen = options.frozen ?? false;
  // Running: virtual = real + offset. Frozen: virtual = fixed.
  let offset = options.start === undefined ? 0 : options.start - realNow();
  let fixed = options.start ?? realNow();
  return {
    now: () => (frozen ? fixed : realNow() + offset),
    get frozen() {
      return frozen;
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
      if (frozen) fixed += ms;
      else offset += ms;
    },
    set(epochMs, freeze) {
      frozen = freeze ?? frozen;
      fixed = epochMs;
      offset = epochMs - realNow();
    },
  };
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the service's timestamp format. */
export function utcSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
