/**
 * Time the service layer can save and replay. The domain sees the usual `Clock` interface; this implementation exposes
 * its state, so a snapshot can store it and a journal replay can pin "real now" to the instant a command originally
 * ran. Behaviour is identical to domain/clock.ts. (Randomness needs nothing here: domain/random.ts exposes its state.)
 */
import type { Clock } from '../kernel/clock.js';

/** Real time as the engine sees it: `Date.now()`, unless pinned while a command runs or replays. */
export interface TimeSource {
  now(): number;
  /**
   * Runs `fn(arg)` with real time fixed at `at`: every clock read inside sees one instant, as the replay will. (The
   * argument spares the engine a closure per request.)
   */
  pinned<T, A = undefined>(at: number, fn: (arg: A) => T, arg?: A): T;
}

export function createTimeSource(): TimeSource {
  let pin: number | undefined;
  return {
    now: () => pin ?? Date.now(),
    pinned<T, A>(at: number, fn: (arg: A) => T, arg?: A): T {
      const before = pin;
      pin = at;
      try {
        return fn(arg as A);
      } finally {
        pin = before;
      }
    },
  };
}

/** What a snapshot keeps of a clock. */
export interface ClockState {
  frozen: boolean;
  /** Running: virtual = real + offset. */
  offset: number;
  /** Frozen: virtual = fixed. */
  fixed: number;
}

export interface StatefulClock extends Clock {
  state(): ClockState;
}

/** A virtual clock over a time source, with the semantics of domain/clock.ts's createClock. */
export function createStatefulClock(
  time: TimeSource,
  init: { start?: number; frozen?: boolean } | { state: ClockState },
): StatefulClock {
  let s: ClockState;
  if ('state' in init) s = { ...init.state };
  else {
    const real = time.now();
    s = {
      frozen: init.frozen ?? false,
      offset: init.start === undefined ? 0 : init.start - real,
      fixed: init.start ?? real,
    };
  }
  return {
    now: () => (s.frozen ? s.fixed : time.now() + s.offset),
    get frozen() {
      return s.frozen;
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
      if (s.frozen) s.fixed += ms;
      else s.offset += ms;
    },
    set(epochMs, freeze) {
      s.frozen = freeze ?? s.frozen;
      s.fixed = epochMs;
      s.offset = epochMs - time.now();
    },
    state: () => ({ ...s }),
  };
}
