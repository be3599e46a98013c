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

/** 10000-01-01T00:00:00Z: from there on `toISOString` writes six-digit years. */
const FOUR_DIGIT_YEARS_END = 253_402_300_800_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `yyyy-MM-ddTHH:mm:ssZ`, the service's timestamp format: `toISOString()` without the milliseconds. List answers
 * format several times per item, and `toISOString` costs about 0.4 µs a call, so instants from 1970 to 9999 are
 * formatted by integer arithmetic (the civil-from-days algorithm of H. Hinnant); anything else (before 1970, six-digit
 * years, NaN) goes through `toISOString` as before. clock.test.ts checks both agree.
 */
export function utcSeconds(ms: number): string {
  if (!(ms >= 0 && ms < FOUR_DIGIT_YEARS_END)) return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86_400);
  const daySecs = secs - days * 86_400;
  const hours = Math.floor(daySecs / 3600);
  const minutes = Math.floor((daySecs % 3600) / 60);
  // Days since 0000-03-01 in 400-year eras of 146 097 days; a year runs from March, so leap days come last.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(daySecs % 60)}Z`;
}

/** Durations in milliseconds, for the rules that speak in minutes, hours, days and (365-day) years. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR = 365 * DAY;

/** The calendar date (`YYYY-MM-DD`) of an instant in China time (UTC+8), which the service's bill dates use. */
export const gmt8Date = (ms: number): string => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

/** The bill cycle (`YYYY-MM`, China time) an instant falls in, as the ledgers show it. */
export const billCycle = (ms: number): string => gmt8Date(ms).slice(0, 7);

/**
 * The validity window a control request asks for (`effective_time`, `expire_time`: wire timestamps): from the current
 * second, one year long, where absent. The caller refuses a window that does not end after it starts.
 */
export function validityWindow(
  now: number,
  effective: string | null | undefined,
  expire: string | null | undefined,
): { from: number; to: number } {
  const from = effective ? Date.parse(effective) : Math.floor(now / 1000) * 1000;
  return { from, to: expire ? Date.parse(expire) : from + YEAR };
}
