import type { Evidence, Group, Report } from "../correlate/report-types.js";
import { escapeMarkdown, markdownCodeBlock, markdownInlineCode } from "./escape.js";
import { formatDuration, formatKb, formatSpread, placeOf, seenRange } from "./report-format.js";
import { readGroup } from "./report-reading.js";
import { growthSummary, heapHeadline, heapView, topSummary } from "./report-heap.js";

const DETAILED_GROUPS = 5;

/**
 * A ticket body: a title line naming the top group, a summary table of every group, then per group
 * (top five) the facts, the first and last kill lines verbatim with file and line, and what to look at
 * next. Every piece of log text is escaped (table cells, code spans, fenced blocks).
 */
export function renderReportMarkdown(report: Report): string {
  const out: string[] = [];
  const t = report.totals;
  const top = report.groups[0];
  if (!top) {
    out.push("# OOM report: no OOM kills found", "");
    out.push(`${t.events} OOM event(s) read from ${report.inputs.length} input(s); none ended in a kill.`);
    return out.join("\n") + "\n";
  }
  out.push(
    `# OOM: ${escapeMarkdown(top.comm)} killed ${top.count} time${top.count === 1 ? "" : "s"} by ${escapeMarkdown(top.killer)}` +
      `${top.constraint ? ` (${escapeMarkdown(top.constraint)})` : ""}${top.cgroupPattern ? ` in ${escapeMarkdown(top.cgroupPattern)}` : ""}`,
  );
  out.push("");
  out.push(
    `${t.kills} kill${t.kills === 1 ? "" : "s"} in ${t.events} OOM event${t.events === 1 ? "" : "s"} on ${t.hosts} host${t.hosts === 1 ? "" : "s"}, ` +
      `${t.groups} group${t.groups === 1 ? "" : "s"} of recurring kills. Report schema \`${report.schema}\`.`,
  );
  out.push("");
  out.push("| # | Count | Victim | Killer | Constraint | Where | First seen | Last seen | Every (median) | Limit | anon-rss (median) | Fingerprint |");
  out.push("|---:|---:|---|---|---|---|---|---|---|---|---|---|");
  report.groups.forEach((g, i) => {
    const seen = seenRange(g);
    out.push(
      "| " +
        [
          String(i + 1),
          String(g.count),
          escapeMarkdown(g.comm),
          escapeMarkdown(g.killer),
          escapeMarkdown(g.constraint ?? "–"),
          escapeMarkdown(placeOf(g)),
          escapeMarkdown(seen.first),
          escapeMarkdown(seen.last),
          g.intervalSeconds ? escapeMarkdown(formatDuration(g.intervalSeconds.median)) : "–",
          escapeMarkdown(formatKb(g.limitKb)),
          g.anonRssKb ? escapeMarkdown(formatKb(g.anonRssKb.median)) : "–",
          g.fingerprint,
        ].join(" | ") +
        " |",
    );
  });

  report.groups.slice(0, DETAILED_GROUPS).forEach((g, i) => {
    out.push("", `## ${i + 1}. ${escapeMarkdown(g.comm)}: ${g.count} kill${g.count === 1 ? "" : "s"}`, "");
    out.push(...facts(g).map((f) => `- ${f}`));
    out.push("", `**First kill**: ${where(g.evidence.first)}`, "", markdownCodeBlock(g.evidence.first.text ?? "(kill line not kept by the parser)"));
    if (g.count > 1) {
      out.push("", `**Last kill**: ${where(g.evidence.last)}`, "", markdownCodeBlock(g.evidence.last.text ?? "(kill line not kept by the parser)"));
    }
    out.push(...heapSection(g));
    out.push("", "**What to look at next**", "");
    out.push(...readGroup(g).reasons.map((r) => `- ${escapeMarkdown(r)}`));
  });
  if (report.warnings.length > 0) {
    out.push("", "## Warnings", "");
    for (const w of report.warnings.slice(0, 20)) out.push(`- ${escapeMarkdown(`${w.path}${w.line ? `:${w.line}` : ""}: ${w.message}`)}`);
  }
  return out.join("\n") + "\n";
}

function facts(g: Group): string[] {
  const seen = seenRange(g);
  const f = [
    `Fingerprint: \`${g.fingerprint}\``,
    `Killer: ${escapeMarkdown(g.killer)}${g.constraint ? `, constraint ${escapeMarkdown(g.constraint)}` : ""}`,
  ];
  if (g.cgroupPattern !== null) f.push(`Cgroup pattern: ${markdownInlineCode(g.cgroupPattern)}`);
  if (g.container.runtime !== null || g.container.ids.length > 0) {
    f.push(`Container: ${escapeMarkdown(g.container.runtime ?? "?")}${g.container.ids.length ? ` ${g.container.ids.map((id) => markdownInlineCode(id.slice(0, 12))).join(", ")}` : ""}`);
  }
  if (g.container.podUids.length > 0) f.push(`Pods: ${g.container.podUids.map((u) => markdownInlineCode(u)).join(", ")}`);
  f.push(`Hosts: ${g.hosts.map(escapeMarkdown).join(", ")}`);
  f.push(`Seen: ${escapeMarkdown(seen.first)} → ${escapeMarkdown(seen.last)}`);
  if (g.intervalSeconds) f.push(`Interval between kills: ${escapeMarkdown(formatSpread(g.intervalSeconds, formatDuration))}`);
  f.push(
    `Memory at the kill: limit ${escapeMarkdown(formatKb(g.limitKb))}, usage ${escapeMarkdown(formatSpread(g.usageKb, formatKb))}, anon-rss ${escapeMarkdown(formatSpread(g.anonRssKb, formatKb))}`,
  );
  return f;
}

function where(e: Evidence): string {
  const lines = e.lineEnd > e.lineStart ? `${e.lineStart}-${e.lineEnd}` : `${e.lineStart}`;
  return markdownInlineCode(`${e.path}:${lines}`);
}

/** Per kill: the last heap snapshot before it, its top functions, and what grew over that incarnation. */
function heapSection(g: Group): string[] {
  const heap = heapView(g);
  if (!heap) return [];
  const out = ["", `**Heap snapshots**: ${escapeMarkdown(heapHeadline(g, heap))}.`];
  if (heap.withSnapshot === 0) return out;
  out.push("", "| Kill (pid, time) | Last snapshot before it | Top functions (flat, cum) | Grew during that run |", "|---|---|---|---|");
  for (const k of heap.kills) {
    if (!k.snapshot) continue;
    const before = k.secondsBefore !== null ? ` (${k.secondsBefore.toFixed(1)} s before)` : "";
    out.push(
      `| ${k.pid}${k.wall ? `, ${escapeMarkdown(k.wall)}` : ""} | ${markdownInlineCode(k.snapshot.path)}${before} | ${escapeMarkdown(topSummary(k.snapshot))} | ${k.snapshot.growth ? escapeMarkdown(growthSummary(k.snapshot.growth)) : "–"} |`,
    );
  }
  return out;
}
