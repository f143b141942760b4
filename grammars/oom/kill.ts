import { fieldMap, num } from "./fields.js";
import type { LineSample, OomLine } from "./line-types.js";

/** The end of a report: the `oom-kill:` summary, kill lines of every era, memory.oom.group, the reaper, panics. */

/**
 * `pr_info("oom-kill:constraint=%s,nodemask=%*pbl")` + `",cpuset=%s,mems_allowed=%*pbl"` + (`",oom_memcg=%s"` |
 * `",global_oom"`) + `",task_memcg=%s"` + `",task=%s,pid=%d,uid=%d"` — dump_oom_summary() mm/oom_kill.c, 5.0 → 6.18
 * (RHEL8 4.18 backport). Built from pr_cont fragments; task names may hold commas, so `task=`…`,pid=` is read from
 * the right.
 */
export function parseConstraint(t: string): OomLine | null {
  if (!t.startsWith("oom-kill:")) return null;
  let s = t.slice(9);
  let task: string | null = null;
  let pid: number | null = null;
  let uid: number | null = null;
  const pidAt = s.lastIndexOf(",pid=");
  const taskAt = pidAt >= 0 ? s.lastIndexOf(",task=", pidAt) : -1;
  if (taskAt >= 0) {
    task = s.slice(taskAt + 6, pidAt);
    const tail = fieldMap(s.slice(pidAt + 1));
    pid = num(tail, "pid");
    uid = num(tail, "uid");
    s = s.slice(0, taskAt);
  }
  const kv = new Map<string, string>();
  let globalOom = false;
  for (const part of s.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) { if (part.trim() === "global_oom") globalOom = true; continue; }
    kv.set(part.slice(0, eq).trim(), part.slice(eq + 1));
  }
  return {
    kind: "constraint",
    constraint: kv.get("constraint") ?? null,
    nodemask: kv.get("nodemask") ?? null,
    cpuset: kv.get("cpuset") ?? null,
    memsAllowed: kv.get("mems_allowed") ?? null,
    // origin_memcg/kill_memcg: 2018 draft names, never released; read in case a vendor kernel kept them.
    oomMemcg: kv.get("oom_memcg") ?? kv.get("origin_memcg") ?? null,
    globalOom,
    taskMemcg: kv.get("task_memcg") ?? kv.get("kill_memcg") ?? null,
    task, pid, uid,
  };
}

/** The `%s` before a kill line: the reasons out_of_memory()/mem_cgroup_out_of_memory() pass. Anything else is not the kernel. */
function kernelPrefix(p: string): boolean {
  return p === "" || p.startsWith("Out of memory") || p.startsWith("Out of Memory") ||
    p.startsWith("Memory cgroup out of memory") || p.startsWith("No available memory");
}

/**
 * What a damaged log leaves in a line: U+FFFD for invalid UTF-8, NUL and other C0 or C1 controls (a crash's zero
 * blocks, a bad sector; C2 80 is valid UTF-8 for U+0080). Dropped from the reason before it is compared, so a damaged byte does not cost the kill; a
 * daemon quoting the kernel still has words of its own there and stays rejected.
 */
const DAMAGE = /[\uFFFD\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** The kernel's reasons are ASCII: a non-ASCII character in one is a damaged byte that decoded to something. */
const NON_ASCII = /[^\u0000-\u007f]/g;

function prefixBefore(t: string, at: number): string | null | undefined {
  let p = t.slice(0, at).replace(DAMAGE, "").replace(NON_ASCII, "");
  p = p.trim();
  if (p === "") return null;
  if (!p.endsWith(":")) return undefined;
  const name = p.slice(0, -1);
  return kernelPrefix(name) ? name : undefined;
}

/**
 * Victim lines. `"Killed process %d (%s)"` ≈2.6.31; `… vsz:%lukB, anon-rss:%lukB, file-rss:%lukB` 2.6.32–35;
 * `… total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB` 2.6.36–4.4 (+`, shmem-rss:%lukB` 4.5–5.0); `"%s: Killed process …"`
 * 5.1+ (`, UID:%u` 5.3, `UID:%u pgtables:%lukB oom_score_adj:%hd` 5.4 → 6.18) — oom_kill_task() / __oom_kill_process().
 * RHEL6 `Killed process %d, UID %d, (%s) total-vm…`, RHEL7 `Killed process %d (%s), UID %u, total-vm…`,
 * 2.6.1x `Out of Memory: Killed process %d (%s).`
 */
export function parseKilled(t: string): OomLine | null {
  const at = t.indexOf("Killed process ");
  if (at < 0) return null;
  const prefix = prefixBefore(t, at);
  if (prefix === undefined) return null;
  const s = t.slice(at + 15);
  const pidM = /^(\d+)/.exec(s);
  if (!pidM) return null;
  const open = s.indexOf("(", pidM[1].length);
  if (open < 0) return null;
  const close = closingParen(s, open);
  const comm = s.slice(open + 1, close);
  const f = fieldMap(s.slice(pidM[1].length, open) + " " + s.slice(close + 1));
  return {
    kind: "killed", prefix, pid: Number(pidM[1]), comm,
    uid: num(f, "UID"),
    totalVmKb: num(f, "total-vm") ?? num(f, "vsz"),
    anonRssKb: num(f, "anon-rss"),
    fileRssKb: num(f, "file-rss"),
    shmemRssKb: num(f, "shmem-rss"),
    pgtablesKb: num(f, "pgtables"),
    oomScoreAdj: num(f, "oom_score_adj"),
    line: t,
  };
}

/** End of a comm in parens: before `) total-vm`, `), UID`, `) vsz:`, `) score`, `) sharing`, `).`, else the last `)`. */
function closingParen(s: string, open: number): number {
  for (const end of [") total-vm", "), UID", ") vsz:", ") score ", ") sharing", ")."]) {
    const i = s.indexOf(end, open + 1);
    if (i >= 0) return i;
  }
  const last = s.lastIndexOf(")");
  return last > open ? last : s.length;
}

/**
 * `"%s: Kill process %d (%s) score %d or sacrifice child"` oom_kill_process() 2.6.36 – 5.0 (`%u` ≈4.6+);
 * `"%s: kill process %d (%s) score %li or a child"` 2.6.31–35; `"Out of Memory: Kill process %d (%s) score %li and
 * children."` ≈2.6.2x. `"Kill process %d (%s) sharing same memory"` (pr_err) oom_kill_task() ≈2.6.36 – 4.x.
 */
export function parseKillProcess(t: string): OomLine | null {
  let at = t.indexOf("Kill process ");
  if (at < 0) at = t.indexOf("kill process ");
  if (at < 0) return null;
  const prefix = prefixBefore(t, at);
  if (prefix === undefined) return null;
  const s = t.slice(at + 13);
  const pidM = /^(\d+) \(/.exec(s);
  if (!pidM) return null;
  const open = pidM[1].length + 1;
  const close = closingParen(s, open);
  const comm = s.slice(open + 1, close);
  const after = s.slice(close + 1);
  if (after.startsWith(" sharing same memory")) return { kind: "kill-sharing", pid: Number(pidM[1]), comm };
  const f = fieldMap(after);
  return { kind: "kill-choose", prefix, pid: Number(pidM[1]), comm, score: num(f, "score") };
}

/** `pr_info("Tasks in ")` + path + `" are going to be killed due to memory.oom.group set"` — mem_cgroup_print_oom_group(), 4.19 → 6.18. */
export function parseGroupKill(t: string): OomLine | null {
  if (!t.startsWith("Tasks in ")) return null;
  const k = t.indexOf(" are going to be killed");
  return k >= 0 ? { kind: "group-kill", path: t.slice(9, k) } : null;
}

/**
 * `"oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB"` — oom_reap_task_mm(),
 * 4.6 → 6.18, printed later by the oom_reaper thread. `"oom_reaper: unable to reap pid:%d (%s)"` — oom_reap_task().
 */
export function parseReaper(t: string): OomLine | null {
  if (!t.startsWith("oom_reaper: ")) return null;
  const s = t.slice(12);
  if (s.startsWith("reaped process ")) {
    const r = s.slice(15);
    const pidM = /^(\d+) \(/.exec(r);
    if (!pidM) return null;
    const open = pidM[1].length + 1;
    const close = r.lastIndexOf("), now");
    const end = close > open ? close : r.lastIndexOf(")");
    const f = fieldMap(r.slice(end + 1));
    return {
      kind: "reaper", pid: Number(pidM[1]), comm: r.slice(open + 1, end),
      anonRssKb: num(f, "anon-rss"), fileRssKb: num(f, "file-rss"), shmemRssKb: num(f, "shmem-rss"),
    };
  }
  if (s.startsWith("unable to reap pid:")) {
    const m = /^unable to reap pid:(\d+)/.exec(s);
    return { kind: "reaper-failed", pid: m ? Number(m[1]) : null };
  }
  return null;
}

/**
 * Panics and the no-victim paths: `"Out of memory: %s panic_on_oom is enabled"` check_panic_on_oom() ≈2.6.35 → 6.18
 * (via panic(), so as `Kernel panic - not syncing: …`); `"out of memory. Compulsory panic_on_oom is selected."` and
 * friends ≤≈2.6.34; `"Out of memory and no killable processes..."` out_of_memory() as a panic ≤≈4.18, as pr_warn
 * ≈4.19+ followed (global only) by `panic("System is deadlocked on memory")`. `"Kernel panic - not syncing: %s"` panic().
 */
export function parsePanic(t: string): OomLine | null {
  if (t.startsWith("Kernel panic - not syncing: ")) return { kind: "panic", message: t.slice(28).trim() };
  if (t.includes("panic_on_oom is")) return { kind: "panic", message: t.trim() };
  if (t.startsWith("Out of memory and no killable processes")) return { kind: "no-killable", message: t.trim() };
  return null;
}

export const samples: LineSample[] = [
  {
    line: "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/sandbox/oomprobe,task_memcg=/sandbox/oomprobe,task=python3,pid=2230,uid=0",
    from: "go-leak/logs/dmesg.txt line 102 (6.18 v1)",
    expect: { kind: "constraint", constraint: "CONSTRAINT_MEMCG", nodemask: "(null)", cpuset: "/", memsAllowed: "0", oomMemcg: "/sandbox/oomprobe", globalOom: false, taskMemcg: "/sandbox/oomprobe", task: "python3", pid: 2230, uid: 0 },
  },
  {
    line: "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/unattended-upgrades.service,task=unattended-upgr,pid=651,uid=0",
    from: "peers/OOMAnalyser example_ubuntu2110 (5.13)",
    expect: { kind: "constraint", constraint: "CONSTRAINT_NONE", oomMemcg: null, globalOom: true, taskMemcg: "/system.slice/unattended-upgrades.service", task: "unattended-upgr", pid: 651, uid: 0 },
  },
  {
    line: "Killed process 11344 (main) total-vm:390360kB, anon-rss:183712kB, file-rss:1016kB",
    from: "seed (4.4.0-130)",
    expect: { kind: "killed", prefix: null, pid: 11344, comm: "main", totalVmKb: 390360, anonRssKb: 183712, fileRssKb: 1016, shmemRssKb: null, uid: null },
  },
  {
    line: "Memory cgroup out of memory: Killed process 2230 (python3) total-vm:58704kB, anon-rss:48768kB, file-rss:6364kB, shmem-rss:0kB, UID:0 pgtables:152kB oom_score_adj:0",
    from: "go-leak/logs/dmesg.txt line 103 (6.18)",
    expect: { kind: "killed", prefix: "Memory cgroup out of memory", pid: 2230, comm: "python3", totalVmKb: 58704, anonRssKb: 48768, fileRssKb: 6364, shmemRssKb: 0, uid: 0, pgtablesKb: 152, oomScoreAdj: 0 },
  },
  {
    line: "Killed process 40738, UID 27, (mysqld) total-vm:6424316kB, anon-rss:13128kB, file-rss:4kB",
    from: "peers/out-of-memory/messages line 14857 (RHEL6)",
    expect: { kind: "killed", pid: 40738, comm: "mysqld", uid: 27, totalVmKb: 6424316, anonRssKb: 13128, fileRssKb: 4 },
  },
  {
    line: "Killed process 45465 (tail), UID 0, total-vm:7582132kB, anon-rss:7420324kB, file-rss:0kB, shmem-rss:0kB",
    from: "kernel-oom-formats.md §5 (RHEL7)",
    expect: { kind: "killed", pid: 45465, comm: "tail", uid: 0, totalVmKb: 7582132, anonRssKb: 7420324 },
  },
  {
    line: "Memory cgroup out of memory: Kill process 11344 (main) score 904 or sacrifice child",
    from: "seed (4.4.0-130)",
    expect: { kind: "kill-choose", prefix: "Memory cgroup out of memory", pid: 11344, comm: "main", score: 904 },
  },
  {
    line: "Out of memory: Kill process 40738 (mysqld) score 16 or sacrifice child",
    from: "peers/out-of-memory/messages line 14856 (RHEL6)",
    expect: { kind: "kill-choose", prefix: "Out of memory", pid: 40738, comm: "mysqld", score: 16 },
  },
  {
    line: "oom_reaper: reaped process 473206 (doxygen), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
    from: "peers/OOMAnalyser example_archlinux_6_1_1 (6.1)",
    expect: { kind: "reaper", pid: 473206, comm: "doxygen", anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 },
  },
  {
    line: "Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
    from: "kernel-oom-formats.md §5",
    expect: { kind: "panic", message: "Out of memory: system-wide panic_on_oom is enabled" },
  },
  {
    line: "Out of memory and no killable processes...",
    from: "kernel-oom-formats.md §5 (4.19+)",
    expect: { kind: "no-killable", message: "Out of memory and no killable processes..." },
  },
];
