import type { Evidence, Group, Report } from "../correlate/report-types.js";
import { escapeTerminal } from "./escape.js";
import { formatDuration, formatKb, formatSpread, placeOf, seenRange } from "./report-format.js";
import { readGroup } from "./report-reading.js";
import { baseName, growthSummary, heapHeadline, heapView, topSummary } from "./report-heap.js";

export interface TextOptions {
  /** Terminal width in columns; lines never exceed it. */
  width: number;
  /** ANSI colour (callers decide: TTY, NO_COLOR, FORCE_COLOR). */
  color: boolean;
}

const DETAILED_GROUPS = 3;
const TIMELINE_MIN = 12;
const BARS = "▁▂▃▄▅▆▇█";

/**
 * The terminal summary: one line per group (count, first/last seen, typical interval, victim,
 * where it lived, usage vs limit, and a timeline of its kills over the period the report covers),
 * then the details of the top groups with their first and last kill lines.
 */
export function renderReportText(report: Report, opts: TextOptions): string {
  const width = Math.max(40, Math.floor(opts.width) || 80);
  const paint = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const t = report.totals;
  const out: string[] = [];
  out.push(
    clip(`oomsleuth: ${t.kills} kill${t.kills === 1 ? "" : "s"} in ${t.events} OOM event${t.events === 1 ? "" : "s"} on ${t.hosts} host${t.hosts === 1 ? "" : "s"}, ${t.groups} group${t.groups === 1 ? "" : "s"}`, width),
  );
  for (const w of report.warnings.slice(0, 5)) out.push(paint("33", clip(`warning: ${escapeTerminal(w.path)}${w.line ? `:${w.line}` : ""}: ${escapeTerminal(w.message)}`, width)));
  if (report.groups.length === 0) {
    out.push("No OOM kills found.");
    return out.join("\n") + "\n";
  }

  const header = ["COUNT", "FIRST", "LAST", "EVERY", "VICTIM", "WHERE", "USAGE/LIMIT"];
  const day = sameDay(report.groups);
  if (day) out.push(paint("2", clip(`all kills on ${day} (UTC)`, width)));
  const rows = report.groups.map((g) => {
    const seen = seenRange(g, day !== null);
    return [
      String(g.count),
      seen.first,
      seen.last,
      g.intervalSeconds ? `~${formatDuration(g.intervalSeconds.median)}` : "–",
      escapeTerminal(g.comm),
      escapeTerminal(placeOf(g)),
      usageVsLimit(g),
    ];
  });
  const caps = [6, 20, 20, 9, 16, 34, 22];
  const widths = header.map((h, i) => Math.min(caps[i], rows.reduce((w, r) => Math.max(w, r[i].length), h.length)));
  const gaps = header.length; // one space between columns, one before the timeline
  const sum = () => widths.reduce((a, b) => a + b, 0) + gaps;
  // Make room for a timeline of at least TIMELINE_MIN columns by narrowing WHERE, then VICTIM.
  let deficit = sum() + TIMELINE_MIN - width;
  for (const [col, min] of [[5, 12], [4, 8]] as const) {
    if (deficit <= 0) break;
    const take = Math.min(deficit, Math.max(0, widths[col] - min));
    widths[col] -= take;
    deficit -= take;
  }
  const used = sum();
  const timelineWidth = Math.min(40, width - used);
  const showTimeline = timelineWidth >= 8;
  const axis = showTimeline ? timeAxis(report.groups) : null;

  const line = (cells: string[], extra: string, style?: (i: number, s: string) => string) =>
    cells
      .map((c, i) => {
        const cell = i === 0 ? clip(c, widths[i]).padStart(widths[i]) : clip(c, widths[i]).padEnd(widths[i]);
        return style ? style(i, cell) : cell;
      })
      .join(" ") + (extra ? ` ${extra}` : "");

  out.push("");
  out.push(paint("2", clip(line(header, showTimeline ? (axis ? "TIMELINE" : "") : ""), width)));
  report.groups.forEach((g, gi) => {
    const spark = showTimeline && axis ? sparkline(g, axis, timelineWidth) : "";
    const plain = line(rows[gi], spark);
    // A terminal too narrow for the minimum columns gets the plain line, clipped.
    if (Array.from(plain).length > width) out.push(clip(plain, width));
    else out.push(line(rows[gi], spark ? paint("36", spark) : "", (i, s) => (i === 0 ? paint(gi === 0 ? "1;31" : "1", s) : i === 4 ? paint("1", s) : s)));
  });
  if (showTimeline && axis) out.push(paint("2", clip(`timeline: ${axis.label}`, width)));

  report.groups.slice(0, DETAILED_GROUPS).forEach((g, i) => {
    out.push("");
    out.push(paint("1", clip(`#${i + 1} ${escapeTerminal(g.comm)} — ${g.count} kill${g.count === 1 ? "" : "s"} by ${g.killer}${g.constraint ? `, ${g.constraint}` : ""}`, width)));
    const field = (label: string, value: string) => out.push(clip(`  ${paint("2", label.padEnd(12))}${value}`, width + (opts.color ? 8 : 0)));
    field("fingerprint", g.fingerprint);
    if (g.cgroupPattern !== null) field("cgroup", escapeTerminal(g.cgroupPattern));
    if (g.container.ids.length > 0 || g.container.podUids.length > 0) field("container", escapeTerminal(placeOf(g)));
    field("hosts", escapeTerminal(g.hosts.join(", ")));
    const seen = seenRange(g);
    field("seen", `${seen.first} → ${seen.last}`);
    if (g.intervalSeconds) field("interval", formatSpread(g.intervalSeconds, formatDuration));
    field("memory", `limit ${formatKb(g.limitKb)}, usage ${formatSpread(g.usageKb, formatKb)}, anon-rss ${formatSpread(g.anonRssKb, formatKb)}`);
    for (const reason of readGroup(g).reasons) field("reading", reason);
    const ev = g.evidence;
    field("first kill", lines(ev.first));
    if (ev.first.text) out.push(clip(`    ${escapeTerminal(ev.first.text)}`, width));
    if (g.count > 1) {
      field("last kill", lines(ev.last));
      if (ev.last.text) out.push(clip(`    ${escapeTerminal(ev.last.text)}`, width));
    }
    const heap = heapView(g);
    if (heap) {
      field("heap", heapHeadline(g, heap));
      for (const k of heap.kills) {
        if (!k.snapshot) continue;
        const when = k.secondsBefore !== null ? `, ${k.secondsBefore.toFixed(1)}s before` : "";
        out.push(clip(`    kill of pid ${k.pid}${k.wall ? ` at ${k.wall.slice(11, 19)}` : ""} ← ${escapeTerminal(baseName(k.snapshot.path))}${when}: ${escapeTerminal(topSummary(k.snapshot))}`, width));
        const grew = k.snapshot.growth ? growthSummary(k.snapshot.growth) : "";
        if (grew) out.push(clip(`      grew since ${escapeTerminal(baseName(k.snapshot.growth!.from))}: ${escapeTerminal(grew)}`, width));
      }
    }
  });
  return out.join("\n") + "\n";
}

/** The UTC day every kill of the report falls on, or null: then the table shows times of day only. */
function sameDay(groups: Group[]): string | null {
  const days = new Set(groups.flatMap((g) => g.kills.map((k) => (k.wall === null ? null : k.wall.slice(0, 10)))));
  if (days.size !== 1) return null;
  const [only] = days;
  return only ?? null;
}

/** "path:12" or "path:12-80": the lines of the event the kill line belongs to. */
function lines(e: Evidence): string {
  return `${escapeTerminal(e.path)}:${e.lineStart}${e.lineEnd > e.lineStart ? `-${e.lineEnd}` : ""}`;
}

function usageVsLimit(g: Group): string {
  const usage = g.usageKb?.median ?? null;
  if (g.limitKb === null && usage === null) {
    return g.anonRssKb ? `anon ${formatKb(g.anonRssKb.median)}` : "–";
  }
  return `${formatKb(usage)} / ${formatKb(g.limitKb)}`;
}

interface Axis {
  /** Seconds on the chosen clock for a kill, or null when it has none. */
  at: (k: Group["kills"][number]) => number | null;
  start: number;
  end: number;
  label: string;
}

/**
 * The period the report covers: wall time when every kill has it, else uptime (meaningful within
 * one boot, which is what a single dmesg holds).
 */
function timeAxis(groups: Group[]): Axis | null {
  const kills = groups.flatMap((g) => g.kills);
  const allWall = kills.every((k) => k.wall !== null);
  const at = allWall ? (k: Group["kills"][number]) => Date.parse(k.wall!) / 1000 : (k: Group["kills"][number]) => k.uptime;
  // A loop, not Math.min(...xs): a call takes ~125,000 arguments at most, and a fleet's report may list more kills.
  let start = Infinity;
  let end = -Infinity;
  for (const k of kills) {
    const x = at(k);
    if (x === null || !Number.isFinite(x)) continue;
    if (x < start) start = x;
    if (x > end) end = x;
  }
  if (start > end) return null;
  const label = allWall
    ? `${new Date(start * 1000).toISOString().slice(0, 19)}Z → ${new Date(end * 1000).toISOString().slice(0, 19)}Z`
    : `uptime ${start.toFixed(1)}s → ${end.toFixed(1)}s`;
  return { at, start, end, label };
}

/** Kills of one group per time bin, as bars scaled to the group's busiest bin; `·` for none. */
function sparkline(g: Group, axis: Axis, bins: number): string {
  const counts = new Array<number>(bins).fill(0);
  const span = axis.end - axis.start;
  for (const k of g.kills) {
    const x = axis.at(k);
    if (x === null || !Number.isFinite(x)) continue;
    const i = span > 0 ? Math.min(bins - 1, Math.floor(((x - axis.start) / span) * bins)) : 0;
    counts[i]++;
  }
  const max = Math.max(...counts);
  return counts.map((c) => (c === 0 ? "·" : BARS[Math.min(BARS.length - 1, Math.ceil((c / max) * BARS.length) - 1)])).join("");
}

/** Cuts to `n` code points with an ellipsis. ANSI sequences are only added after clipping, except in `field`. */
function clip(s: string, n: number): string {
  const cps = Array.from(s);
  if (cps.length <= n) return s;
  return cps.slice(0, Math.max(0, n - 1)).join("") + "…";
}
