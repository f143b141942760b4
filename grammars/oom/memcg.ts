import { type Field, parseFields } from "./fields.js";
import type { LineSample, OomLine } from "./line-types.js";

/** Memory-cgroup lines of a memcg OOM: mem_cgroup_print_oom_info() (≤4.19) / mem_cgroup_print_oom_meminfo() (5.0+). */

const TASK_IN = "Task in ";
const AS_RESULT = " killed as a result of limit of ";

/**
 * `pr_info("Task in ")` + task cgroup + `" killed as a result of limit of "` + memcg — mem_cgroup_print_oom_info(),
 * ≈2.6.3x (two printks) – 4.19; removed in 5.0. `"Memory limit reached of cgroup %s"` when there is no victim.
 */
export function parseTaskIn(t: string): OomLine | null {
  if (t.startsWith(TASK_IN)) {
    const k = t.indexOf(AS_RESULT);
    if (k >= 0) return { kind: "memcg-task-in", taskPath: t.slice(TASK_IN.length, k), oomPath: t.slice(k + AS_RESULT.length).trim() };
    if (t.endsWith(" killed")) return { kind: "memcg-task-in", taskPath: t.slice(TASK_IN.length, -7), oomPath: null };
    return null;
  }
  if (t.startsWith("as a result of limit of ")) return { kind: "memcg-task-in", taskPath: null, oomPath: t.slice(24).trim() };
  if (t.startsWith("Memory limit reached of cgroup ")) return { kind: "memcg-task-in", taskPath: null, oomPath: t.slice(31).trim() };
  return null;
}

const COUNTERS = ["memory", "memory+swap", "swap", "kmem"] as const;

/**
 * `"memory: usage %llukB, limit %llukB, failcnt %llu"` (all versions), `"memory+swap: …"` (v1), `"kmem: …"` (≈3.8+,
 * v1), `"swap: …"` (5.x+, cgroup v2) — mem_cgroup_print_oom_info() / mem_cgroup_print_oom_meminfo().
 */
export function parseCounter(t: string): OomLine | null {
  const colon = t.indexOf(": usage ");
  if (colon < 0) return null;
  const name = t.slice(0, colon);
  const counter = COUNTERS.find((c) => c === name);
  if (!counter) return null;
  const f = parseFields(t.slice(colon + 2));
  const get = (k: string) => f.find((x) => x.key === k)?.value ?? null;
  return { kind: "memcg-counter", counter, usageKb: get("usage"), limitKb: get("limit"), failcnt: get("failcnt") };
}

const STATS_FOR = "Memory cgroup stats for ";

/**
 * `pr_info("Memory cgroup stats for ")` + path + `":"` — then either, on the same line, `" %s:%luKB"` per stat (3.8 – 5.2,
 * one line per cgroup of the subtree; cut by the printk line limit on long lines), or the memory.stat text as its own
 * lines `"%s %llu"` (5.3 – 6.4 one record with newlines, 6.5+ one record per line; v2 keys, v1 keys for v1 in 6.5+).
 * Stats are returned in BYTES (`KB` × 1024); a last key cut without its value is returned as `partialKey`.
 */
export function parseStatsFor(t: string): OomLine | null {
  if (!t.startsWith(STATS_FOR)) return null;
  const rest = t.slice(STATS_FOR.length);
  const colon = rest.indexOf(":");
  const path = colon >= 0 ? rest.slice(0, colon) : rest;
  const bag = colon >= 0 ? rest.slice(colon + 1) : "";
  const { stats, partialKey } = kbBag(bag);
  return { kind: "memcg-stats", path, stats, partialKey };
}

/** A one-line stats record's continuation after a printk line-limit cut: `ve_file:88KB active_file:4KB …`. */
export function parseKbBag(t: string): OomLine | null {
  // Every field must be `key:NKB`, so a line without "KB" is not one (and is not lexed).
  if (!t.includes("KB")) return null;
  const fields = parseFields(t);
  if (fields.length === 0 || fields.some((f) => f.unit !== "KB")) return null;
  const { stats, partialKey } = kbBag(t, fields);
  return { kind: "kb-bag", stats, leadingPartial: fields[0].key, partialKey };
}

function kbBag(bag: string, fields: Field[] = parseFields(bag)): { stats: Record<string, number>; partialKey: string | null } {
  const stats: Record<string, number> = {};
  for (const f of fields) if (f.unit === "KB" && f.value !== null) stats[f.key] = f.value * 1024;
  const m = /\s([A-Za-z_]+)$/.exec(bag);
  return { stats, partialKey: m ? m[1] : null };
}

/** `"%s %llu"`: one memory.stat key per line (5.3+), bytes or counts as printed. Key `[a-z_][a-z0-9_]*`, value digits. */
export function parsePair(t: string): OomLine | null {
  const sp = t.indexOf(" ");
  if (sp <= 0 || sp === t.length - 1 || !isKeyStart(t.charCodeAt(0))) return null;
  for (let i = 1; i < sp; i++) if (!isKeyChar(t.charCodeAt(i))) return null;
  for (let i = sp + 1; i < t.length; i++) if (!isDigit(t.charCodeAt(i))) return null;
  return { kind: "pair", key: t.slice(0, sp), value: Number(t.slice(sp + 1)) };
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isKeyStart = (c: number) => (c >= 97 && c <= 122) || c === 95;
const isKeyChar = (c: number) => isKeyStart(c) || isDigit(c);

export const samples: LineSample[] = [
  {
    line: "Task in /docker/34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6 killed as a result of limit of /docker/34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6",
    from: "seed (4.4.0-130)",
    expect: { kind: "memcg-task-in", taskPath: "/docker/34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6", oomPath: "/docker/34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6" },
  },
  { line: "Task in /1/2 killed as a result of limit of /1", from: "kernel-oom-formats.md §7.1 (3.7)", expect: { kind: "memcg-task-in", taskPath: "/1/2", oomPath: "/1" } },
  { line: "memory: usage 204800kB, limit 204800kB, failcnt 4563", from: "seed", expect: { kind: "memcg-counter", counter: "memory", usageKb: 204800, limitKb: 204800, failcnt: 4563 } },
  { line: "memory+swap: usage 0kB, limit 9007199254740988kB, failcnt 0", from: "seed", expect: { kind: "memcg-counter", counter: "memory+swap", usageKb: 0, limitKb: 9007199254740988, failcnt: 0 } },
  { line: "kmem: usage 7524kB, limit 9007199254740988kB, failcnt 0", from: "seed", expect: { kind: "memcg-counter", counter: "kmem", usageKb: 7524 } },
  { line: "swap: usage 0kB, limit 0kB, failcnt 0", from: "peers/OOMAnalyser example_proxmox_cgroup_oom (5.15, v2)", expect: { kind: "memcg-counter", counter: "swap", usageKb: 0, limitKb: 0 } },
  {
    line: "Memory cgroup stats for /mem2: cache:0KB rss:980KB rss_huge:0KB mapped_file:0KB writeback:20KB inactive_anon:560KB active_anon:420KB inactive_file:0KB active_file:0KB unevictable:0KB",
    from: "peers/cadvisor case1 (3.13)",
    expect: { kind: "memcg-stats", path: "/mem2", stats: { cache: 0, rss: 980 * 1024, writeback: 20 * 1024, inactive_anon: 560 * 1024 }, partialKey: null },
  },
  {
    line: "Memory cgroup stats for /1:cache:0KB rss:31052KB mapped_file:0KB swap:0KB inactive_anon:15620KB active_anon:15432KB inactive_file:0KB active_file:0KB unevictable:0KB",
    from: "kernel-oom-formats.md §7.1 (3.7 patch)",
    expect: { kind: "memcg-stats", path: "/1", stats: { rss: 31052 * 1024 } },
  },
  {
    line: "Memory cgroup stats for /docker/34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6: cache:108KB rss:197168KB rss_huge:0KB mapped_file:4KB dirty:0KB writeback:0KB inactive_anon:0KB active_anon:197168KB inacti",
    from: "seed (line cut by the printk limit)",
    expect: { kind: "memcg-stats", path: "/docker/34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6", stats: { rss: 197168 * 1024, cache: 108 * 1024 }, partialKey: "inacti" },
  },
  { line: "ve_file:88KB active_file:4KB unevictable:0KB", from: "seed (continuation)", expect: { kind: "kb-bag", leadingPartial: "ve_file", stats: { active_file: 4096 } } },
  { line: "Memory cgroup stats for /sandbox/oomprobe:", from: "kernel-oom-formats.md §7.5 (6.18 v1)", expect: { kind: "memcg-stats", path: "/sandbox/oomprobe", stats: {} } },
  { line: "anon 31154200576", from: "peers/OOMAnalyser example_proxmox_cgroup_oom (5.15 v2)", expect: { kind: "pair", key: "anon", value: 31154200576 } },
  { line: "total_rss 50057216", from: "kernel-oom-formats.md §7.5 (6.18 v1)", expect: { kind: "pair", key: "total_rss", value: 50057216 } },
];
