/**
 * The year of a year-less stamp (RFC 3164, journalctl short): the latest year that does not put
 * the stamp after the reference time (the file's mtime, else now) by more than a day.
 *
 * Why this rule: a log is written before its file's mtime, so its lines are at or before it.
 * Stateless, so it needs no look-ahead: a file holding Dec 31 … Jan 1 with an mtime in January
 * gets the December lines in the previous year and the January lines in the mtime's year, and
 * nothing is ever placed after the mtime. The day of slack covers local times read as UTC in
 * zones ahead of UTC. Known limit: a single file spanning more than a year folds onto one year.
 */
import type { YearlessTime } from "../../grammars/envelope/envelope-fields.js";

const DAY_MS = 86_400_000;

function at(year: number, t: YearlessTime): number {
  return Date.UTC(year, t.month, t.day) + t.msOfDay;
}

export function inferWall(t: YearlessTime, referenceMs: number): number {
  const year = new Date(referenceMs).getUTCFullYear();
  const candidate = at(year, t);
  if (candidate <= referenceMs + DAY_MS) return candidate;
  return at(year - 1, t);
}

/**
 * inferWall() for one reference time, for every line of a file: the reference year is computed
 * once, and the start of the last day seen is kept (a log's lines share their day for hours).
 * Same results as inferWall(t, referenceMs).
 */
export function wallInference(referenceMs: number): (t: YearlessTime) => number {
  const year = new Date(referenceMs).getUTCFullYear();
  let month = -1;
  let day = -1;
  let thisYearMidnight = 0;
  let lastYearMidnight = 0;
  return (t) => {
    if (t.month !== month || t.day !== day) {
      month = t.month;
      day = t.day;
      thisYearMidnight = Date.UTC(year, month, day);
      lastYearMidnight = Date.UTC(year - 1, month, day);
    }
    const candidate = thisYearMidnight + t.msOfDay;
    if (candidate <= referenceMs + DAY_MS) return candidate;
    return lastYearMidnight + t.msOfDay;
  };
}
