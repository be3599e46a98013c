/**
 * Listing helpers every aggregate's queries share: one page of a sorted list, a time-range filter on the wire's
 * `…_begin`/`…_end` strings, the ledgers' GMT+8 day filter, and the newest-first orders the real listings use.
 */
import { gmt8Date } from './clock.js';

/** One page of a sorted list (`limit` 10 when absent, the real listings' default). */
export function page<T>(items: readonly T[], offset: number | undefined, limit: number | undefined): T[] {
  const from = offset ?? 0;
  return items.slice(from, from + (limit ?? 10));
}

/**
 * Whether an instant lies in a query's range. The wire's times have second precision, so the instant is truncated to
 * the second before comparing; an absent bound is open.
 */
export function inRange(at: number, begin: string | null | undefined, end: string | null | undefined): boolean {
  const t = Math.floor(at / 1000) * 1000;
  return (!begin || t >= Date.parse(begin)) && (!end || t <= Date.parse(end));
}

/** Newest first by `at`, the insertion sequence breaking ties (records and ledgers). */
export const newestFirst = (a: { at: number; seq: number }, b: { at: number; seq: number }): number =>
  b.at - a.at || b.seq - a.seq;

/** Newest first by `createdAt`, the insertion sequence breaking ties (quotas and coupons). */
export const newestCreatedFirst = (
  a: { createdAt: number; seq: number },
  b: { createdAt: number; seq: number },
): number => b.createdAt - a.createdAt || b.seq - a.seq;

/** The same calendar day one year earlier (string order is date order, so Feb 29 needs no correction). */
const yearBefore = (date: string): string => `${String(Number(date.slice(0, 4)) - 1).padStart(4, '0')}${date.slice(4)}`;

/**
 * The day filter of the ledgers' queries: whether an instant's GMT+8 calendar day lies in `begin`..`end` (`YYYY-MM-DD`,
 * inclusive), which default to the same day one year before `now` and `now`'s day.
 */
export function inDays(
  now: number,
  begin: string | null | undefined,
  end: string | null | undefined,
): (at: number) => boolean {
  const today = gmt8Date(now);
  const from = begin || yearBefore(today);
  const to = end || today;
  return (at) => {
    const day = gmt8Date(at);
    return day >= from && day <= to;
  };
}
