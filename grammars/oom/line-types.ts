/**
 * What one line of an OOM report is, after the grammar read it. The assembler keys its state machine on `kind`;
 * the event builder reads the fields. Sizes keep the kernel's unit in the field name.
 */
export type OomLine =
  | { kind: "header"; comm: string; gfpMask: string | null; gfpFlags: string[] | null; order: number | null;
      oomScoreAdj: number | null; oomAdj: number | null; nodemask: string | null }
  | { kind: "cpuset"; comm: string; cpuset: string; memsAllowed: string }
  | { kind: "cpu"; cpu: number | null; pid: number | null; uid: number | null; comm: string | null;
      kernelVersion: string | null; tainted: string | null }
  | { kind: "hardware"; name: string }
  /** Call trace, raw stack words, registers, `<TASK>` markers, Workqueue: kept out of the way. */
  | { kind: "trace" }
  | { kind: "meminfo-start" }
  /** Mem-Info values, named as the kernel names them; `scope` is "" (summary), "node0", "node0.DMA32". */
  | { kind: "meminfo"; scope: string; values: Record<string, number> }
  | { kind: "memcg-task-in"; taskPath: string | null; oomPath: string | null }
  | { kind: "memcg-counter"; counter: "memory" | "memory+swap" | "swap" | "kmem"; usageKb: number | null;
      limitKb: number | null; failcnt: number | null }
  /** `Memory cgroup stats for P:` with the one-line `key:NKB` stats (≤5.2) already in `stats` (bytes). */
  | { kind: "memcg-stats"; path: string; stats: Record<string, number>; partialKey: string | null }
  /** `key value` on its own line: memcg stats ≥5.3 (bytes or counts), only meaningful inside the stats block. */
  | { kind: "pair"; key: string; value: number }
  /** `key:NKB …` continuation of a one-line memcg stats record cut by the printk line limit. */
  | { kind: "kb-bag"; stats: Record<string, number>; leadingPartial: string | null; partialKey: string | null }
  | { kind: "tasks-title" }
  | { kind: "tasks-header"; columns: string[] }
  | { kind: "task-row"; numbers: number[]; numberEnds: number[]; text: string }
  | { kind: "constraint"; constraint: string | null; nodemask: string | null; cpuset: string | null;
      memsAllowed: string | null; oomMemcg: string | null; globalOom: boolean; taskMemcg: string | null;
      task: string | null; pid: number | null; uid: number | null }
  /** ≤5.0 `Kill process N (comm) score S or sacrifice child` (2.6.36+), `kill process … or a child` (2.6.3x). */
  | { kind: "kill-choose"; prefix: string | null; pid: number; comm: string; score: number | null }
  | { kind: "killed"; prefix: string | null; pid: number; comm: string; uid: number | null; totalVmKb: number | null;
      anonRssKb: number | null; fileRssKb: number | null; shmemRssKb: number | null; pgtablesKb: number | null;
      oomScoreAdj: number | null; line: string }
  | { kind: "kill-sharing"; pid: number; comm: string }
  | { kind: "group-kill"; path: string }
  | { kind: "reaper"; pid: number; comm: string; anonRssKb: number | null; fileRssKb: number | null;
      shmemRssKb: number | null }
  | { kind: "reaper-failed"; pid: number | null }
  | { kind: "panic"; message: string }
  | { kind: "no-killable"; message: string }
  | { kind: "slab-start" }
  | { kind: "slab-row"; name: string; usedKb: number; totalKb: number }
  | { kind: "suppressed"; count: number }
  /** `Linux version …`: a new boot; closes whatever was open. */
  | { kind: "boot" }
  | { kind: "unknown" };

export type OomLineKind = OomLine["kind"];

/** A sample line with the fields the grammar must read from it (a subset of the OomLine). */
export interface LineSample {
  line: string;
  /** Where the line comes from (corpus file or kernel-oom-formats.md section). */
  from: string;
  expect: Partial<OomLine> & { kind: OomLineKind };
}
