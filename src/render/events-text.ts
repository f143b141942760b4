import type { Kill, OomEvent } from "../events/oom-event.js";
import { escapeTerminal } from "./escape.js";

export interface TextOptions {
  color: boolean;
  width: number;
}

const TOP_TASKS = 5;

/**
 * `oomsleuth parse` without --json: one block per event, the facts an on-call engineer reads first —
 * when, where, who died, why (constraint, cgroup usage vs limit), and the biggest tasks at the time.
 */
export function renderEventsText(events: OomEvent[], opts: TextOptions): string {
  const text = eventsTextWriter(opts);
  return events.map((e) => text.event(e)).join("") + text.end();
}

/** renderEventsText one event at a time (parse prints events read back from its spool one by one). */
export function eventsTextWriter(opts: TextOptions): { event(e: OomEvent): string; end(): string } {
  const paint = painter(opts.color);
  let events = 0;
  let kills = 0;
  return {
    event(e) {
      kills += e.kills.length;
      return `${events++ > 0 ? "\n" : ""}${renderEvent(e, paint)}`;
    },
    end() {
      if (events === 0) return "No OOM events found.\n";
      return `\n${events} event${events === 1 ? "" : "s"}, ${kills} kill${kills === 1 ? "" : "s"}.\n`;
    },
  };
}

function renderEvent(e: OomEvent, paint: Painter): string {
  const lines: string[] = [];
  const when = e.time.wall ?? (e.time.uptime !== null ? `[${e.time.uptime.toFixed(6)}] since boot ${e.boot}` : "time unknown");
  const title = e.kills.length > 0 ? e.kills.map((k) => `${safe(k.comm)} (pid ${k.pid})`).join(", ") : e.kind === "oom-panic" ? "PANIC" : "no kill line";
  lines.push(`${paint.bold(`${when}  ${e.host ? safe(e.host) + "  " : ""}${title}`)}${e.complete ? "" : paint.yellow(`  [incomplete: missing ${e.missing.join(", ")}]`)}`);
  lines.push(`  killer ${e.killer}, ${e.kind}${e.constraint ? `, ${e.constraint}` : ""}${e.kernelVersion ? `, kernel ${safe(e.kernelVersion)}` : ""}`);
  if (e.trigger?.comm) lines.push(`  invoked by ${safe(e.trigger.comm)}${e.trigger.pid !== null ? ` (pid ${e.trigger.pid})` : ""}${e.trigger.gfpFlags?.length ? `, ${e.trigger.gfpFlags.join("|")}` : e.trigger.gfpMask ? `, gfp ${e.trigger.gfpMask}` : ""}${e.trigger.order !== null ? `, order ${e.trigger.order}` : ""}`);
  const m = e.memcg;
  if (m) {
    const path = m.oomPath ?? m.taskPath;
    if (path) lines.push(`  cgroup ${safe(path)}${m.container?.id ? `  (${m.container.runtime ?? "container"} ${m.container.id.slice(0, 12)}${m.container.podUid ? `, pod ${m.container.podUid}` : ""})` : ""}`);
    if (m.usageKb !== null || m.limitKb !== null) lines.push(`  memory usage ${kb(m.usageKb)} of limit ${kb(m.limitKb)}${m.failcnt !== null ? `, failcnt ${m.failcnt}` : ""}`);
  }
  for (const k of e.kills) lines.push(`  ${paint.red("killed")} ${describeKill(k)}`);
  if (e.panic) lines.push(`  ${paint.red("panic")}: ${safe(e.panic.message)}`);
  if (e.tasks && e.tasks.length > 0) {
    const top = [...e.tasks].sort((a, b) => (b.rssPages ?? 0) - (a.rssPages ?? 0)).slice(0, TOP_TASKS);
    lines.push(`  top tasks by rss (pages): ${top.map((t) => `${safe(t.name)} ${t.rssPages ?? "?"}`).join(", ")}${e.tasks.length > TOP_TASKS ? ` (+${e.tasks.length - TOP_TASKS} more)` : ""}`);
  }
  lines.push(paint.dim(`  ${safe(e.source.path)}:${e.source.lineStart}-${e.source.lineEnd}`));
  return lines.join("\n");
}

function describeKill(k: Kill): string {
  const parts = [`${safe(k.comm)} pid ${k.pid}`];
  if (k.anonRssKb !== null) parts.push(`anon-rss ${kb(k.anonRssKb)}`);
  if (k.fileRssKb !== null) parts.push(`file-rss ${kb(k.fileRssKb)}`);
  if (k.totalVmKb !== null) parts.push(`total-vm ${kb(k.totalVmKb)}`);
  if (k.score !== null) parts.push(`score ${k.score}`);
  if (k.reaped) parts.push(`reaped to anon-rss ${kb(k.reaped.anonRssKb)}`);
  return parts.join(", ");
}

/** kB as the kernel prints them, shown in the largest unit that keeps them readable. */
export function kb(v: number | null): string {
  if (v === null) return "?";
  if (v >= 9007199254740000) return "unlimited";
  if (v >= 1024 * 1024) return `${(v / 1024 / 1024).toFixed(1)} GiB`;
  if (v >= 1024) return `${(v / 1024).toFixed(1)} MiB`;
  return `${v} kB`;
}

function safe(s: string): string {
  return escapeTerminal(s);
}

interface Painter {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

function painter(color: boolean): Painter {
  const wrap = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: wrap("1"), red: wrap("31"), yellow: wrap("33"), dim: wrap("2") };
}
