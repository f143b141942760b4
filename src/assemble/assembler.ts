import { parseOomLine } from "../../grammars/oom/classify.js";
import type { OomLine } from "../../grammars/oom/line-types.js";
import type { OomEvent } from "../events/oom-event.js";
import type { LogRecord } from "../records/log-record.js";
import { ReportBuilder } from "./report-builder.js";
import { splitMessage } from "./split-lines.js";

export interface Assembler {
  /** Feeds one record (in input order); returns the events this record completed. Never throws. */
  push(record: LogRecord): OomEvent[];
  /** End of input: finishes every open report and returns every event still held. */
  end(): OomEvent[];
  /**
   * The input has gone quiet (a live stream, `journalctl -kf | oomsleuth parse --ndjson`): reports past their
   * kill line are finished and every held event is emitted now, instead of waiting for lines that may not come.
   * Reports still before their kill line stay open.
   */
  flushIdle(): OomEvent[];
  /** True while a report is open: the byte prefilter must then pass every line. */
  isCollecting(): boolean;
}

export interface AssemblerOptions {
  /** Max lines kept per report (task tables of huge hosts); beyond it only kill/end lines are read. */
  lineCap?: number;
  /** Records a finished event waits for its `oom_reaper:` line before it is emitted. */
  holdRecords?: number;
}

/** Unknown lines tolerated after a kill line before the report is closed (other CPUs print in between). */
const AFTER_KILL_GRACE = 40;
/**
 * Records of other streams (printk callers, hosts) after which a report past its kill line is closed. The lines that
 * may still follow a kill (`sharing same memory`, memory.oom.group kills) come right after it from the same task.
 */
const AFTER_KILL_IDLE_RECORDS = 1000;
/** Consecutive non-OOM lines after which an open report is taken as cut (the kernel stopped printing it). */
const FOREIGN_STREAK_LIMIT = 5000;
/** Seconds of printk clock after which an open report is taken as cut. */
const UPTIME_GAP_LIMIT = 300;
/** Events held for a late reaper line at most (oldest emitted first). */
const MAX_HELD = 64;
/** A reaper line arrives within seconds (≥5.18 waits 2 s); after this, a held event is emitted. */
const REAPER_WAIT_SECONDS = 30;

interface Open {
  builder: ReportBuilder;
  /** "body" until a kill (or no-victim) line, then "ending": only kill-group lines still belong to it. */
  state: "body" | "ending";
  group: boolean;
  lines: number;
  foreignStreak: number;
  lastUptime: number | null;
  lastText: string;
  /** `pushes` at the last record of this report's stream. */
  lastPush: number;
}

interface Held {
  event: OomEvent;
  builder: ReportBuilder;
  scope: string;
  endPush: number;
  endUptime: number | null;
}

/** Is this the start of a report when none is open? (header, or kill/constraint/panic lines when the header was rate-limited) */
function startsReport(l: OomLine): boolean {
  switch (l.kind) {
    case "header": case "constraint": case "kill-choose": case "killed": case "no-killable":
      return true;
    case "panic":
      return isOomPanic(l.message);
    default:
      return false;
  }
}

function isOomPanic(m: string): boolean {
  return m.includes("panic_on_oom") || m.includes("Out of memory") || m.includes("out of memory") || m.includes("deadlocked on memory");
}

/** Where one report's lines are collected: per input, host, boot and printk caller (other CPUs interleave). */
function streamKey(r: LogRecord): string {
  return `${scopeKey(r)}\u0000${r.callerId ?? ""}`;
}

/** Where kills are matched to reaper lines (printed by the oom_reaper thread, another caller). */
function scopeKey(r: LogRecord): string {
  return `${r.source}\u0000${r.host ?? ""}\u0000${r.boot}`;
}

/**
 * The stream and scope keys of the last record, reused while the next records share source, host, boot and caller
 * (nearly always): no string is built per record, and the Map lookups hash the same string object again.
 */
class KeyCache {
  private last: LogRecord | null = null;
  stream = "";
  scope = "";

  set(r: LogRecord): void {
    const l = this.last;
    this.last = r;
    if (l !== null && l.source === r.source && l.host === r.host && l.boot === r.boot && l.callerId === r.callerId) return;
    if (l === null || l.source !== r.source || l.host !== r.host || l.boot !== r.boot) this.scope = scopeKey(r);
    this.stream = streamKey(r);
  }
}

export function createAssembler(opts: AssemblerOptions = {}): Assembler {
  const lineCap = opts.lineCap ?? 50_000;
  const holdRecords = opts.holdRecords ?? 2000;
  const open = new Map<string, Open>();
  let held: Held[] = [];
  let pushes = 0;
  const keys = new KeyCache();

  const finish = (key: string, out: OomEvent[]) => {
    const o = open.get(key);
    if (!o) return;
    open.delete(key);
    const b = o.builder;
    const event = b.build();
    held.push({ event, builder: b, scope: scopeKey(b.first), endPush: pushes, endUptime: o.lastUptime });
    while (held.length > MAX_HELD) out.push(held.shift()!.event);
  };

  /** Emits held events from the head of the queue (input order is kept) once their reaper can no longer come. */
  const release = (out: OomEvent[], now: LogRecord | null) => {
    while (held.length > 0) {
      const h = held[0];
      const old = pushes - h.endPush > holdRecords;
      const late = now !== null && now.uptime !== null && h.endUptime !== null && keys.scope === h.scope &&
        (now.uptime - h.endUptime > REAPER_WAIT_SECONDS || now.uptime < h.endUptime);
      if (!(old || late || now === null)) return;
      out.push(held.shift()!.event);
    }
  };

  /** A reaper line: fill the kill it belongs to (open report or held event); else it proves a kill whose line was lost. */
  const reap = (line: Extract<OomLine, { kind: "reaper" }>, rec: LogRecord, text: string, out: OomEvent[]) => {
    const scope = keys.scope;
    for (const [k, o] of open) if (k.startsWith(scope) && o.builder.reap(line)) return;
    for (let i = held.length - 1; i >= 0; i--) {
      const h = held[i];
      if (h.scope === scope && h.builder.reap(line)) {
        h.event = h.builder.build();
        return;
      }
    }
    const b = new ReportBuilder(rec, text);
    b.addOrphanReaper(line);
    held.push({ event: b.build(), builder: b, scope, endPush: pushes, endUptime: rec.uptime });
    while (held.length > MAX_HELD) out.push(held.shift()!.event);
  };

  /**
   * Finishes the open reports that can get no more lines, before `rec` is read. Left open, such a report kept
   * `isCollecting()` true to the end of the input (its own key never saw another record), so every later line of
   * the file went through the envelope and this grammar:
   * - a record of a later boot of the same input and host: the earlier boot's reports are over (boot indexes only
   *   grow per host). A reboot often follows an OOM (out-of-memory/messages: the last report stayed open 2000 lines);
   * - a report past its kill line that saw no line of its own stream for AFTER_KILL_IDLE_RECORDS records: with printk
   *   caller ids the victim is often the task that printed the report, so its stream never prints again.
   */
  const closeStale = (rec: LogRecord, out: OomEvent[]) => {
    for (const [k, o] of open) {
      const f = o.builder.first;
      if (f.boot < rec.boot && f.source === rec.source && f.host === rec.host) finish(k, out);
      else if (o.state === "ending" && pushes - o.lastPush > AFTER_KILL_IDLE_RECORDS) finish(k, out);
    }
  };

  const begin = (key: string, line: OomLine, rec: LogRecord, text: string) => {
    const b = new ReportBuilder(rec, text);
    b.add(line, rec);
    const o: Open = { builder: b, state: "body", group: false, lines: 1, foreignStreak: 0, lastUptime: rec.uptime, lastText: text, lastPush: pushes };
    if (line.kind === "killed" || line.kind === "no-killable") o.state = "ending";
    open.set(key, o);
    if (line.kind === "panic") finishLater.push(key);
  };
  let finishLater: string[] = [];

  const onLine = (key: string, text: string, rec: LogRecord, out: OomEvent[]) => {
    let line = parseOomLine(text);
    let o = open.get(key);
    if (line.kind === "reaper") {
      reap(line, rec, text, out);
      if (o) o.foreignStreak = 0;
      return;
    }
    if (!o) {
      if (startsReport(line)) begin(key, line, rec, text);
      return;
    }
    // A line cut by the printk/syslog limit (`…active_anon:` + `278804kB …`): read it joined with its first half.
    if (line.kind === "unknown" && o.lastText.trimEnd().endsWith(":")) {
      const joined = parseOomLine(o.lastText + text.trim());
      if (joined.kind !== "unknown") line = joined;
    }
    o.lastText = text;
    if (line.kind === "header" && o.lines === 1 && o.state === "body" && text === o.builder.firstText) {
      // The same header again with nothing between (a duplicated syslog line, or a damaged log flooding headers
      // with no report): one event, not one per copy, so such a flood keeps memory bounded.
      o.builder.lineEnd = Math.max(o.builder.lineEnd, rec.line + Math.max(rec.lineCount, 1) - 1);
      return;
    }
    if (line.kind === "header" || line.kind === "boot") {
      finish(key, out);
      if (line.kind === "header") begin(key, line, rec, text);
      return;
    }
    const oomLine = line.kind !== "unknown";
    // After the kill line a call trace is another warning's (hung task, page allocation failure, a segfault's
    // `Code:` line): it counts toward the grace like any foreign line. Resetting the streak on it kept a report open
    // as long as some trace came every 40 lines, with every line of the file read by this grammar meanwhile.
    const foreign = !oomLine || (o.state === "ending" && line.kind === "trace");
    o.foreignStreak = foreign ? o.foreignStreak + 1 : 0;
    if (rec.uptime !== null && oomLine) {
      // Only OOM lines judge the clock: a foreign line from another boot's clock must not cut the report.
      if (o.lastUptime !== null && (rec.uptime - o.lastUptime > UPTIME_GAP_LIMIT || rec.uptime < o.lastUptime - 1)) {
        finish(key, out);
        if (startsReport(line)) begin(key, line, rec, text);
        return;
      }
      o.lastUptime = rec.uptime;
    }
    if (o.state === "body") {
      if (o.foreignStreak > FOREIGN_STREAK_LIMIT) { finish(key, out); return; }
      o.lines++;
      if (o.lines > lineCap && !endsBody(line)) return;
      o.builder.add(line, rec);
      if (line.kind === "killed" || line.kind === "no-killable") o.state = "ending";
      if (line.kind === "panic") finish(key, out);
      return;
    }
    // state "ending": after the victim line only the lines of the same kill still belong here.
    switch (line.kind) {
      case "kill-sharing":
        o.builder.add(line, rec);
        return;
      case "group-kill":
        o.group = true;
        o.builder.add(line, rec);
        return;
      case "killed":
        if (o.builder.hasVictim(line.pid)) return; // the same kernel line seen twice (duplicated syslog line)
        if (o.group) { o.builder.add(line, rec); return; }
        break;
      case "panic":
        if (!line.message.includes("panic_on_oom")) { o.builder.add(line, rec); finish(key, out); return; }
        break;
      case "unknown": case "trace":
        if (o.foreignStreak <= AFTER_KILL_GRACE) return;
        finish(key, out);
        return;
      default:
        break;
    }
    // Anything else that is OOM-shaped belongs to the next report.
    finish(key, out);
    o = undefined;
    if (startsReport(line)) begin(key, line, rec, text);
  };

  return {
    push(record: LogRecord): OomEvent[] {
      const out: OomEvent[] = [];
      try {
        pushes++;
        keys.set(record);
        const key = keys.stream;
        if (open.size > 0) {
          closeStale(record, out);
          const own = open.get(key);
          if (own) own.lastPush = pushes;
        }
        if (record.ident !== null && record.ident !== "kernel") {
          // A daemon's line (systemd, node-problem-detector, containerd quoting the kernel): never an OOM line,
          // only a foreign line interleaved in whatever report is open.
          const o = open.get(key);
          if (o) {
            o.foreignStreak++;
            if ((o.state === "ending" && o.foreignStreak > AFTER_KILL_GRACE) || o.foreignStreak > FOREIGN_STREAK_LIMIT) finish(key, out);
          }
        } else {
          for (const text of splitMessage(record.message)) {
            onLine(key, text, record, out);
            for (const k of finishLater) finish(k, out);
            finishLater = [];
          }
        }
        release(out, record);
      } catch {
        // Never crash the pipeline on any bytes; the report in progress is kept as far as it got.
      }
      return out;
    },
    end(): OomEvent[] {
      const out: OomEvent[] = [];
      for (const key of [...open.keys()]) finish(key, out);
      release(out, null);
      return out;
    },
    flushIdle(): OomEvent[] {
      const out: OomEvent[] = [];
      for (const [key, o] of [...open]) if (o.state === "ending") finish(key, out);
      release(out, null);
      return out;
    },
    isCollecting(): boolean {
      return open.size > 0;
    },
  };
}

/** Lines still read after the line cap: they end or make the kill. */
function endsBody(l: OomLine): boolean {
  return l.kind === "killed" || l.kind === "kill-choose" || l.kind === "constraint" || l.kind === "panic" || l.kind === "no-killable";
}
