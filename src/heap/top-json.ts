/** The JSON form of top rows, shared by `oomsleuth heap --json` and the kill↔snapshot links. */
import type { TopReport } from "./pprof-top.js";

export interface TopRowJson {
  function: string;
  /** Signed in a diff. Units are the sample type's ("Bytes" for space types; counts for *_objects). */
  flatBytes: number;
  /** Percent of the report total, rounded to pprof's two decimals; signed in a diff. */
  flatPct: number;
  cumBytes: number;
  cumPct: number;
  /** "inline" / "partial-inline" when pprof would mark the row so. */
  inline?: "inline" | "partial-inline";
}

function pct(value: number, total: number): number {
  return total === 0 ? 0 : Math.round((value / total) * 10000) / 100;
}

/** Rows in pprof's order; `limit` keeps the first N. */
export function topRowsJson(report: TopReport, limit?: number): TopRowJson[] {
  const rows = limit === undefined ? report.rows : report.rows.slice(0, limit);
  return rows.map((r) => ({
    function: r.name,
    flatBytes: r.flat,
    flatPct: pct(r.flat, report.total),
    cumBytes: r.cum,
    cumPct: pct(r.cum, report.total),
    ...(r.inline !== "" ? { inline: r.inline } : {}),
  }));
}
