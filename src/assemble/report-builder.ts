import type { OomLine } from "../../grammars/oom/line-types.js";
import { containerIdentity } from "../cgroup/container-identity.js";
import type { Counter, Kill, Memcg, OomEvent, Reaped, Task } from "../events/oom-event.js";
import type { LogRecord } from "../records/log-record.js";
import { eventId } from "./event-id.js";

type Line<K extends OomLine["kind"]> = Extract<OomLine, { kind: K }>;

/** The task table column (as the kernel's header names it) of each Task field. */
const TASK_COLUMNS = {
  uid: "uid", tgid: "tgid", totalVmPages: "total_vm", rssPages: "rss", pgtablesBytes: "pgtables_bytes", swapents: "swapents",
  oomScoreAdj: "oom_score_adj", rssAnonPages: "rss_anon", rssFilePages: "rss_file", rssShmemPages: "rss_shmem", nrPtes: "nr_ptes",
  nrPmds: "nr_pmds", oomAdj: "oom_adj", cpu: "cpu",
} as const;
type TaskField = keyof typeof TASK_COLUMNS;
/** Fields a row has only when its header has their column (older or newer kernels). */
const OPTIONAL_TASK_FIELDS: TaskField[] = ["rssAnonPages", "rssFilePages", "rssShmemPages", "nrPtes", "nrPmds", "oomAdj", "cpu"];
const DEFAULT_TASK_COLUMNS = ["uid", "tgid", "total_vm", "rss"];

/** Index in the header's columns of each field's column, -1 when the header has none. */
function taskColumns(cols: string[]): Record<TaskField, number> {
  const at = {} as Record<TaskField, number>;
  for (const field of Object.keys(TASK_COLUMNS) as TaskField[]) at[field] = cols.indexOf(TASK_COLUMNS[field]);
  return at;
}

/**
 * `scope.key` (`node0.DMA32.free`), made once per pair: every report of a host prints the same zones and keys, and
 * building the string per field was a sixth of the time of adding a Mem-Info line.
 */
const scopedKeys = new Map<string, Map<string, string>>();
/** Bounds of the cache: a damaged log must not grow it without end (the kernel's scopes and keys are a few hundred). */
const MAX_CACHED = 4096;
function scopedKey(scope: string, key: string): string {
  let keys = scopedKeys.get(scope);
  if (keys === undefined) {
    if (scopedKeys.size >= MAX_CACHED) return `${scope}.${key}`;
    scopedKeys.set(scope, (keys = new Map()));
  }
  let k = keys.get(key);
  if (k === undefined) {
    k = `${scope}.${key}`;
    if (keys.size < MAX_CACHED) keys.set(key, k);
  }
  return k;
}

/**
 * The lines of one OOM report, accumulated as they arrive, and the OomEvent they make. Keeps only what the event
 * needs (not the lines), so memory stays bounded by the task table.
 */
export class ReportBuilder {
  readonly first: LogRecord;
  readonly firstText: string;
  private timeRecord: LogRecord;
  lineEnd: number;
  private header: Line<"header"> | null = null;
  private cpu: Line<"cpu"> | null = null;
  private constraint: Line<"constraint"> | null = null;
  private taskIn: { taskPath: string | null; oomPath: string | null } | null = null;
  private counters = new Map<string, Line<"memcg-counter">>();
  private statsPath: string | null = null;
  private stats: Record<string, number> | null = null;
  /** True while own-line memory.stat keys (5.3+) may follow `Memory cgroup stats for …:`. */
  private inStats = false;
  private partialKey: string | null = null;
  private memcgPrefix = false;
  private memInfo: Record<string, number> | null = null;
  private columns: string[] | null = null;
  private tasks: Task[] | null = null;
  /** Where each task field's column is in `columns`, worked out once per header (a table has hundreds of rows). */
  private taskLayout: { cols: string[]; at: Record<TaskField, number> } | null = null;
  private chooses: Line<"kill-choose">[] = [];
  private kills: Kill[] = [];
  private panic: string | null = null;
  private noKillable = false;

  constructor(record: LogRecord, text: string) {
    this.first = record;
    this.firstText = text;
    this.timeRecord = record;
    this.lineEnd = record.line + Math.max(record.lineCount, 1) - 1;
  }

  get hasKill(): boolean {
    return this.kills.length > 0;
  }

  hasVictim(pid: number): boolean {
    return this.kills.some((k) => k.pid === pid);
  }

  /** Adds one parsed line of this report. `rec` is the record that carried it. */
  add(line: OomLine, rec: LogRecord): void {
    this.lineEnd = Math.max(this.lineEnd, rec.line + Math.max(rec.lineCount, 1) - 1);
    if (line.kind !== "pair" && line.kind !== "kb-bag" && line.kind !== "memcg-stats") this.inStats = false;
    switch (line.kind) {
      case "header":
        this.header = line;
        this.timeRecord = rec;
        break;
      case "cpu":
        this.cpu ??= line;
        break;
      case "meminfo":
        this.memInfo ??= {};
        if (line.scope === "") Object.assign(this.memInfo, line.values);
        else for (const k in line.values) this.memInfo[scopedKey(line.scope, k)] = line.values[k];
        break;
      case "meminfo-start":
        this.memInfo ??= {};
        break;
      case "memcg-task-in":
        this.taskIn = { taskPath: line.taskPath ?? this.taskIn?.taskPath ?? null, oomPath: line.oomPath ?? this.taskIn?.oomPath ?? null };
        break;
      case "memcg-counter":
        this.counters.set(line.counter, line);
        break;
      case "memcg-stats":
        // ≤5.2 prints one line per cgroup of the OOM subtree; the first is the OOM memcg itself. Keep that one.
        if (this.statsPath === null || this.statsPath === line.path) {
          this.statsPath = line.path;
          this.stats = { ...(this.stats ?? {}), ...line.stats };
          this.partialKey = line.partialKey;
          this.inStats = true;
        } else {
          this.partialKey = null;
          this.inStats = false;
        }
        break;
      case "kb-bag":
        if (this.inStats && this.stats) {
          const joined = this.partialKey !== null && line.leadingPartial !== null ? this.partialKey + line.leadingPartial : null;
          for (const [k, v] of Object.entries(line.stats)) this.stats[k === line.leadingPartial && joined ? joined : k] = v;
          this.partialKey = line.partialKey;
        }
        break;
      case "pair":
        if (this.inStats && this.stats) this.stats[line.key] = line.value;
        break;
      case "tasks-header":
        this.columns = line.columns;
        this.tasks ??= [];
        break;
      case "task-row":
        this.addTask(line);
        break;
      case "constraint":
        this.constraint = line;
        break;
      case "kill-choose":
        this.chooses.push(line);
        if (line.prefix?.startsWith("Memory cgroup")) this.memcgPrefix = true;
        break;
      case "killed":
        if (line.prefix?.startsWith("Memory cgroup")) this.memcgPrefix = true;
        if (!this.hasVictim(line.pid)) this.kills.push(killFrom(line));
        break;
      case "reaper":
        this.reap(line);
        break;
      case "panic":
        this.panic ??= line.message;
        break;
      case "no-killable":
        this.noKillable = true;
        break;
      default:
        break;
    }
  }

  /** Fills `reaped` of the kill with this pid; false when this report has no such kill. */
  reap(line: Line<"reaper">): boolean {
    const k = this.kills.find((x) => x.pid === line.pid);
    if (!k) return false;
    const reaped: Reaped = { anonRssKb: line.anonRssKb, fileRssKb: line.fileRssKb, shmemRssKb: line.shmemRssKb };
    k.reaped = reaped;
    return true;
  }

  /** A reaper line whose kill line was never seen: the reaper proves the kill, so it is kept (marked missing "kill"). */
  addOrphanReaper(line: Line<"reaper">): void {
    this.kills.push({
      pid: line.pid, comm: line.comm, uid: null, score: null, totalVmKb: null, anonRssKb: null, fileRssKb: null,
      shmemRssKb: null, pgtablesKb: null, oomScoreAdj: null,
      reaped: { anonRssKb: line.anonRssKb, fileRssKb: line.fileRssKb, shmemRssKb: line.shmemRssKb },
    });
    this.orphanReaper = true;
  }
  private orphanReaper = false;

  private addTask(row: Line<"task-row">): void {
    this.tasks ??= [];
    // Without the column header (lost line), only the columns every layout shares are read: uid tgid total_vm rss.
    const cols = this.columns ?? DEFAULT_TASK_COLUMNS;
    const numeric = this.columns ? cols.length - 1 : row.numbers.length - 1; // every column but `name`, after `[pid]`
    if (row.numbers.length < numeric + 1 || numeric < 1) return; // a cut row: no column may shift
    const name = row.text.slice(row.numberEnds[numeric] + 1).trim();
    if (this.taskLayout === null || this.taskLayout.cols !== cols) this.taskLayout = { cols, at: taskColumns(cols) };
    const at = this.taskLayout.at;
    const v = (field: TaskField): number | null => {
      const i = at[field];
      return i >= 0 && i < numeric ? row.numbers[i + 1] : null;
    };
    const task: Task = {
      pid: row.numbers[0], uid: v("uid"), tgid: v("tgid"), totalVmPages: v("totalVmPages"), rssPages: v("rssPages"),
      pgtablesBytes: v("pgtablesBytes"), swapents: v("swapents"), oomScoreAdj: v("oomScoreAdj"), name,
    };
    for (const field of OPTIONAL_TASK_FIELDS) if (at[field] >= 0) (task as unknown as Record<string, number | null>)[field] = v(field);
    this.tasks.push(task);
  }

  /** The finished event. */
  build(): OomEvent {
    const memcg = this.buildMemcg();
    const isMemcg = memcg !== null && (memcg.oomPath !== null || memcg.usageKb !== null || this.memcgPrefix);
    const kills = this.kills.length > 0 ? this.kills : this.chooses.map(killFromChoose);
    for (const k of kills) {
      const c = this.chooses.find((x) => x.pid === k.pid);
      if (c && k.score === null) k.score = c.score;
    }
    const kind: OomEvent["kind"] =
      kills.length > 0 ? "oom-kill" : this.panic !== null ? "oom-panic" : this.noKillable ? "no-killable-process" : "oom-kill";
    const missing: string[] = [];
    if (!this.header) missing.push("header");
    if (isMemcg || this.memcgPrefix) {
      if (!this.counters.has("memory")) missing.push("memcg");
    } else if (this.memInfo === null) {
      missing.push("meminfo");
    }
    if (this.tasks === null) missing.push("tasks");
    else if (this.columns === null) missing.push("tasks-header");
    if (kind === "oom-kill" && (this.kills.length === 0 || this.orphanReaper)) missing.push("kill");
    const h = this.header;
    const victim = kills[0]?.pid ?? this.firstText;
    const t = this.timeRecord;
    return {
      id: eventId(t.host, t.boot, t.uptime ?? t.wall, victim),
      killer: "kernel",
      kind,
      complete: missing.length === 0,
      missing,
      source: { path: this.first.source, lineStart: this.first.line, lineEnd: this.lineEnd },
      host: t.host,
      boot: t.boot,
      time: { uptime: t.uptime, wall: t.wall === null ? null : isoOrNull(t.wall) },
      kernelVersion: this.cpu?.kernelVersion ?? null,
      trigger: h
        ? {
            comm: h.comm || (this.cpu?.comm ?? null), pid: this.cpu?.pid ?? null, gfpMask: h.gfpMask, gfpFlags: h.gfpFlags,
            order: h.order, oomScoreAdj: h.oomScoreAdj, oomAdj: h.oomAdj, nodemask: h.nodemask ?? this.constraint?.nodemask ?? null,
          }
        : null,
      constraint: this.constraint?.constraint ?? null,
      memcg,
      memInfo: this.memInfo !== null && Object.keys(this.memInfo).length > 0 ? this.memInfo : null,
      tasks: this.tasks,
      kills,
      panic: this.panic !== null ? { message: this.panic } : null,
    };
  }

  private buildMemcg(): Memcg | null {
    const c = this.constraint;
    const oomPath = c?.oomMemcg ?? this.taskIn?.oomPath ?? (this.counters.size > 0 ? this.statsPath : null);
    const taskPath = c?.taskMemcg ?? this.taskIn?.taskPath ?? null;
    if (oomPath === null && taskPath === null && this.counters.size === 0 && this.stats === null) return null;
    const mem = this.counters.get("memory");
    const counter = (name: string): Counter | null => {
      const x = this.counters.get(name);
      return x ? { usageKb: x.usageKb, limitKb: x.limitKb, failcnt: x.failcnt } : null;
    };
    const idPath = taskPath ?? oomPath;
    return {
      oomPath, taskPath,
      usageKb: mem?.usageKb ?? null, limitKb: mem?.limitKb ?? null, failcnt: mem?.failcnt ?? null,
      swap: counter("swap"), memsw: counter("memory+swap"), kmem: counter("kmem"),
      stats: this.stats,
      container: idPath !== null ? safeIdentity(idPath) : null,
    };
  }
}

function safeIdentity(path: string) {
  try {
    return containerIdentity(path);
  } catch {
    return null;
  }
}

function killFrom(l: Line<"killed">): Kill {
  return {
    pid: l.pid, comm: l.comm, uid: l.uid, score: null, totalVmKb: l.totalVmKb, anonRssKb: l.anonRssKb,
    fileRssKb: l.fileRssKb, shmemRssKb: l.shmemRssKb, pgtablesKb: l.pgtablesKb, oomScoreAdj: l.oomScoreAdj,
    reaped: null, line: l.line,
  };
}

function killFromChoose(c: Line<"kill-choose">): Kill {
  return {
    pid: c.pid, comm: c.comm, uid: null, score: c.score, totalVmKb: null, anonRssKb: null, fileRssKb: null,
    shmemRssKb: null, pgtablesKb: null, oomScoreAdj: null, reaped: null,
  };
}

function isoOrNull(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
