/**
 * Print a TopReport exactly as `go tool pprof -top` prints it (report.printText + reportLabels):
 * the profile labels (File, Build ID, comments, Type, Time), "Showing nodes accounting for …",
 * "Dropped N nodes (cum <= X)", the column header, then one row per node.
 */
import { padLeft, pprofPercentage, pprofTimeLabel } from "./go-format.js";
import type { HeapProfile } from "./heap-profile.js";
import type { TopReport } from "./pprof-top.js";
import { scaledLabel, selectOutputUnit } from "./pprof-units.js";

function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i >= 0 ? path.slice(i + 1) : path;
}

/** The unit pprof would print this report in (selectOutputUnit over the shown nodes). */
export function reportOutputUnit(report: TopReport): string {
  let minimum = 0;
  for (const row of report.rows) {
    let v = Math.abs(row.flat);
    if (v === 0) v = Math.abs(row.cum);
    if (v > 0 && (minimum === 0 || v < minimum)) minimum = v;
  }
  return selectOutputUnit(minimum, report.total, report.sampleUnit);
}

/** ProfileLabels: what pprof prints above the table. */
export function profileLabels(profile: HeapProfile, sampleType: string): string[] {
  const labels: string[] = [];
  if (profile.mainBinary) labels.push(`File: ${baseName(profile.mainBinary)}`);
  if (profile.buildId) labels.push(`Build ID: ${profile.buildId}`);
  for (const c of profile.comments) if (!c.startsWith("#")) labels.push(c);
  if (sampleType !== "") labels.push(`Type: ${sampleType}`);
  if (profile.timeNanos !== null) labels.push(`Time: ${pprofTimeLabel(Number(profile.timeNanos / 1_000_000n))}`);
  return labels;
}

/** The lines of `go tool pprof -top` for this report (no trailing newline). */
export function renderTopText(profile: HeapProfile, report: TopReport): string[] {
  const unit = reportOutputUnit(report);
  const fmt = (v: number): string => scaledLabel(v, report.sampleUnit, unit);
  const lines = profileLabels(profile, report.sampleType);
  lines.push(
    `Showing nodes accounting for ${fmt(report.flatSum)}, ${pprofPercentage(report.flatSum, report.total).trim()} of ${fmt(report.total)} total`,
  );
  if (report.total !== 0 && report.droppedNodes > 0) {
    const cutoff = Math.abs(Math.trunc(report.total * report.nodeFraction));
    const noun = report.droppedNodes > 1 ? "nodes" : "node";
    lines.push(`Dropped ${report.droppedNodes} ${noun} (cum <= ${fmt(cutoff)})`);
  }
  lines.push(`${padLeft("flat", 10)} ${padLeft("flat", 5)}% ${padLeft("sum", 5)}% ${padLeft("cum", 10)} ${padLeft("cum", 5)}%`);
  let running = 0;
  for (const row of report.rows) {
    running += row.flat;
    const mark = row.inline !== "" ? ` (${row.inline})` : "";
    lines.push(
      `${padLeft(fmt(row.flat), 10)} ${pprofPercentage(row.flat, report.total)} ${pprofPercentage(running, report.total)} ` +
        `${padLeft(fmt(row.cum), 10)} ${pprofPercentage(row.cum, report.total)}  ${row.name}${mark}`,
    );
  }
  return lines;
}
