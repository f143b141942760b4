// One module per function: the package index loads all of date-fns (~100 ms of start-up for `report`).
import { isValid } from "date-fns/isValid";
import { parseISO } from "date-fns/parseISO";
import { sub } from "date-fns/sub";

/**
 * `--since` / `--until` values: an ISO 8601 date or date-time (`2026-11-26`, `2026-11-26T19:29:43Z`),
 * or a span back from `now`: `30s`, `30m`, `12h`, `7d`, `2w`. Null when the text is neither.
 */
export function parseTimeFilter(text: string, now: Date): Date | null {
  if (typeof text !== "string") return null;
  const t = text.trim();
  const rel = /^(\d+)\s*(s|m|h|d|w)$/i.exec(t);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2].toLowerCase();
    const span =
      unit === "s" ? { seconds: n } : unit === "m" ? { minutes: n } : unit === "h" ? { hours: n } : unit === "d" ? { days: n } : { weeks: n };
    return sub(now, span);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return null;
  const d = parseISO(t);
  return isValid(d) ? d : null;
}
