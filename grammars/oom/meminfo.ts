import { parseFields } from "./fields.js";
import type { LineSample, OomLine } from "./line-types.js";

/**
 * Mem-Info: `show_mem()` / `__show_mem()` + `show_free_areas()` (mm/page_alloc.c, mm/show_mem.c 6.x) and the
 * unreclaimable-slab table. Printed for global, cpuset and mempolicy OOMs (and memcg OOMs ≤3.7). The same block is
 * printed by sysrq-m and allocation-failure warnings, so it never starts a report on its own.
 */

const ZONES = new Set(["DMA", "DMA32", "Normal", "HighMem", "Movable", "Device"]);

/** `"Mem-Info:"` — show_mem() / __show_mem(), all versions. */
export function parseMemInfoStart(t: string): OomLine | null {
  return t === "Mem-Info:" ? { kind: "meminfo-start" } : null;
}

/** Any Mem-Info line; null when the line is not one. */
export function parseMemInfoLine(t: string): OomLine | null {
  const c0 = t.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) return parseTotals(t);
  if (t.startsWith("Node ")) {
    const sp = t.indexOf(" ", 5);
    if (sp < 0) return null;
    const node = Number(t.slice(5, sp));
    if (!Number.isInteger(node)) return null;
    return parseNodeScoped(`node${node}`, t.slice(sp + 1));
  }
  const firstWord = t.slice(0, wordEnd(t));
  if (ZONES.has(firstWord.replace(/:$/, ""))) return parseNodeScoped("", t);
  if (t.startsWith("lowmem_reserve[]:")) return meminfo("", {}); // per-zone loop, all versions; not kept
  if (t.startsWith("CPU ") && t.includes(" hi:")) return meminfo("", {}); // per-cpu pagesets ≤4.0, not kept
  if (t.startsWith("Free swap") || t.startsWith("Total swap")) return parseSwapTotals(t);
  if (t.startsWith("Swap cache stats:")) {
    // `"Swap cache stats: add %lu, delete %lu, find %lu/%lu"` show_swap_cache_info() ≤5.19
    const f = parseFields(t.slice(17));
    const out: Record<string, number> = {};
    for (const x of f) if (x.value !== null) out[`swap_cache_${x.key}`] = x.value;
    return meminfo("", out);
  }
  if (t.startsWith("COMPACTION is disabled") || t.startsWith("Memory allocations") || t.includes(" func:") ||
      t.startsWith("excessive unreclaimable slab")) return meminfo("", {});
  return parseSummary(t);
}

/**
 * The summary record of show_free_areas(): `active_anon:%lu inactive_anon:%lu …` over several physical lines
 * (one printk with embedded newlines), values in pages. ≈2.6.32 → 6.18 with keys added/removed per version
 * (`free_cma` 3.7+, `free_pcp` 4.1+, `unstable` gone ≈5.9, `sec_pagetables`/`kernel_misc_reclaimable` 6.0+).
 * 2.6.2x `Active:%lu inactive:%lu …`. A line counts only when it is nothing but `key:N` pairs.
 */
function parseSummary(t: string): OomLine | null {
  const colon = t.indexOf(":");
  if (colon <= 0) return null;
  const fields = parseFields(t);
  if (fields.length === 0) return null;
  const out: Record<string, number> = {};
  let width = 0;
  for (const f of fields) {
    if (f.unit !== null || f.value === null) return null;
    out[f.key] = f.value;
    width += f.key.length + f.raw.length + 1;
  }
  // Reject lines that have other text besides the pairs (e.g. "foo bar:1").
  if (width < t.replace(/\s+/g, "").length) return null;
  return meminfo("", out);
}

/** Lines after `Node N ` (NUMA) or starting with a zone name (non-NUMA: show_node() prints nothing). */
function parseNodeScoped(node: string, r: string): OomLine | null {
  const dot = node ? `${node}.` : "";
  // `"Node %d hugepages_total=%u hugepages_free=%u hugepages_surp=%u hugepages_size=%lukB"` hugetlb_show_meminfo(), ≈3.x → 6.18
  if (r.startsWith("hugepages_")) {
    const f = parseFields(r);
    const size = f.find((x) => x.key === "hugepages_size");
    const out: Record<string, number> = {};
    for (const x of f) if (x.key !== "hugepages_size" && x.value !== null) out[x.key] = x.value;
    return meminfo(`${dot}hugepages_${size ? size.raw : "?"}`, out);
  }
  const w = wordEnd(r);
  const zone = r.slice(0, w);
  const after = r.slice(w);
  // `"%s per-cpu:"` show_free_areas() ≤4.0 (hidden from 4.1)
  if (after.startsWith(" per-cpu:")) return meminfo(`${dot}${zone}`, {});
  // Buddy lists: show_node() + `"%s: "` + `"%lu*%lukB "` [+ `"(%s) "`] … `"= %lukB"`, all versions.
  if (after.startsWith(":") && ZONES.has(zone)) {
    const eq = r.lastIndexOf("= ");
    const total = eq >= 0 ? Number.parseInt(r.slice(eq + 2), 10) : Number.NaN;
    return meminfo(`${dot}${zone}`, Number.isFinite(total) ? { buddy_total: total } : {});
  }
  // Zone line: `"%s free:%lukB min:%lukB low:%lukB high:%lukB …"` per-zone loop of show_free_areas(), all
  // versions (fields vary; `reserved_highatomic:%luKB` capital KB in 4.x+). Values in kB.
  // Node line: `"Node %d active_anon:%lukB … all_unreclaimable? %s"` per-pgdat, 4.8+ (node-based LRU).
  const scope = ZONES.has(zone) && after.startsWith(" ") ? `${dot}${zone}` : node;
  const out: Record<string, number> = {};
  for (const f of parseFields(scope === node ? r : after)) {
    if (f.value !== null) out[f.key] = f.value;
    else if (f.key === "all_unreclaimable") out[f.key] = f.raw === "yes" ? 1 : 0;
  }
  return meminfo(scope, out);
}

/** `"%ld total pagecache pages"`, `"%lu pages in swap cache"`, `"%lu pages RAM"` … show_mem(), all versions. */
function parseTotals(t: string): OomLine | null {
  const sp = t.indexOf(" ");
  if (sp < 0) return null;
  const n = Number(t.slice(0, sp));
  if (!Number.isFinite(n)) return null;
  const what = t.slice(sp + 1).trim();
  const key = TOTALS[what];
  return key ? meminfo("", { [key]: n }) : null;
}

const TOTALS: Record<string, string> = {
  "total pagecache pages": "total_pagecache_pages",
  "pages in swap cache": "pages_in_swap_cache",
  "pages RAM": "pages_ram",
  "pages HighMem/MovableOnly": "pages_highmem_movableonly",
  "pages HighMem": "pages_highmem",
  "pages reserved": "pages_reserved",
  "pages cma reserved": "pages_cma_reserved",
  "pages hwpoisoned": "pages_hwpoisoned",
  "pages shared": "pages_shared",
  "pages non-shared": "pages_non_shared",
  "pages in pagetable cache": "pages_in_pagetable_cache",
};

/** `"Free swap  = %ldkB"` (two spaces; can be negative) and `"Total swap = %lukB"` — show_swap_cache_info(), all. */
function parseSwapTotals(t: string): OomLine | null {
  const eq = t.indexOf("=");
  const v = Number.parseInt(t.slice(eq + 1).trim(), 10);
  if (eq < 0 || !Number.isFinite(v)) return null;
  return meminfo("", { [t.startsWith("Free") ? "free_swap_kB" : "total_swap_kB"]: v });
}

/**
 * `"Unreclaimable slab info:"`, `"Name                      Used          Total"`, rows `"%-17s %10luKB %10luKB"` —
 * dump_unreclaimable_slab() mm/slab_common.c, 4.15 → 6.18 (global OOMs when slab > LRU pages).
 */
export function parseSlab(t: string): OomLine | null {
  if (t === "Unreclaimable slab info:" || (t.startsWith("Name ") && t.endsWith("Total"))) return { kind: "slab-start" };
  const m = /^(\S+)\s+(\d+)KB\s+(\d+)KB$/.exec(t);
  return m ? { kind: "slab-row", name: m[1], usedKb: Number(m[2]), totalKb: Number(m[3]) } : null;
}

function meminfo(scope: string, values: Record<string, number>): OomLine {
  return { kind: "meminfo", scope, values };
}

function wordEnd(s: string): number {
  let i = 0;
  while (i < s.length && s[i] !== " " && s[i] !== ":") i++;
  return i;
}

export const samples: LineSample[] = [
  { line: "Mem-Info:", from: "seed-era 4.9 (kernel-oom-formats.md §7.2)", expect: { kind: "meminfo-start" } },
  {
    line: "active_anon:304795 inactive_anon:13357 isolated_anon:0",
    from: "kernel-oom-formats.md §7.2 (4.9)",
    expect: { kind: "meminfo", scope: "", values: { active_anon: 304795, inactive_anon: 13357, isolated_anon: 0 } },
  },
  {
    line: " free:12820 free_pcp:60 free_cma:0",
    from: "kernel-oom-formats.md §7.2 (4.9)",
    expect: { kind: "meminfo", scope: "", values: { free: 12820, free_pcp: 60, free_cma: 0 } },
  },
  {
    line: "Node 0 DMA free:15872kB min:40kB low:48kB high:60kB active_anon:0kB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB isolated(anon):0kB isolated(file):0kB present:15992kB managed:15908kB mlocked:0kB dirty:0kB writeback:0kB mapped:0kB shmem:0kB slab_reclaimable:0kB slab_unreclaimable:0kB kernel_stack:0kB pagetables:0kB unstable:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB writeback_tmp:0kB pages_scanned:0 all_unreclaimable? yes",
    from: "peers/OOMAnalyser example_rhel7 (3.10)",
    expect: { kind: "meminfo", scope: "node0.DMA", values: { free: 15872, min: 40, present: 15992, "isolated(anon)": 0, all_unreclaimable: 1 } },
  },
  {
    line: "Node 0 active_anon:884kB inactive_anon:57324kB active_file:72396kB inactive_file:89296kB unevictable:19140kB isolated(anon):0kB isolated(file):0kB mapped:61352kB dirty:2532kB writeback:0kB shmem:924kB shmem_thp: 0kB shmem_pmdmapped: 0kB anon_thp: 0kB writeback_tmp:0kB kernel_stack:1856kB pagetables:1648kB all_unreclaimable? no",
    from: "peers/OOMAnalyser example_ubuntu2110 (5.13)",
    expect: { kind: "meminfo", scope: "node0", values: { active_anon: 884, shmem_thp: 0, kernel_stack: 1856, all_unreclaimable: 0 } },
  },
  {
    line: "Node 0 DMA32: 203*4kB (UEM) 231*8kB (UEM) 259*16kB (UEM) 231*32kB (UEM) 157*64kB (UEM) 90*128kB (UEM) 49*256kB (UEM) 20*512kB (UE) 3*1024kB (UEM) 1*2048kB (M) 0*4096kB = 63668kB",
    from: "peers/OOMAnalyser example_rhel7 (3.10)",
    expect: { kind: "meminfo", scope: "node0.DMA32", values: { buddy_total: 63668 } },
  },
  {
    line: "DMA: 1482*4kB 256*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 7976kB",
    from: "kernel-oom-formats.md §7.6 (2.6.36 i686, non-NUMA)",
    expect: { kind: "meminfo", scope: "DMA", values: { buddy_total: 7976 } },
  },
  {
    line: "Node 0 hugepages_total=2 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB",
    from: "peers/parseoom/messages",
    expect: { kind: "meminfo", scope: "node0.hugepages_1048576kB", values: { hugepages_total: 2, hugepages_free: 0 } },
  },
  { line: "lowmem_reserve[]: 0 2780 15835 15835", from: "peers/OOMAnalyser example_rhel7", expect: { kind: "meminfo" } },
  { line: "Node 0 DMA32 per-cpu:", from: "peers/cadvisor case2 (3.13)", expect: { kind: "meminfo", scope: "node0.DMA32" } },
  { line: "CPU    0: hi:  186, btch:  31 usd:  86", from: "peers/cadvisor case2 (3.13)", expect: { kind: "meminfo" } },
  { line: "100155 total pagecache pages", from: "peers/OOMAnalyser example_rhel7", expect: { kind: "meminfo", values: { total_pagecache_pages: 100155 } } },
  { line: "Free swap  = -28688kB", from: "kernel-oom-formats.md §7.6 (2.6.36)", expect: { kind: "meminfo", values: { free_swap_kB: -28688 } } },
  { line: "Total swap = 8388604kB", from: "peers/OOMAnalyser example_rhel7", expect: { kind: "meminfo", values: { total_swap_kB: 8388604 } } },
  { line: "8379834 pages RAM", from: "peers/OOMAnalyser example_rhel7", expect: { kind: "meminfo", values: { pages_ram: 8379834 } } },
  { line: "0 pages HighMem/MovableOnly", from: "peers/OOMAnalyser example_rhel7", expect: { kind: "meminfo", values: { pages_highmem_movableonly: 0 } } },
  { line: "306524 pages shared", from: "kernel-oom-formats.md §7.6 (2.6.36)", expect: { kind: "meminfo", values: { pages_shared: 306524 } } },
  {
    line: "Swap cache stats: add 31260615, delete 31249273, find 295999950/297583545",
    from: "peers/OOMAnalyser example_rhel7",
    expect: { kind: "meminfo", values: { swap_cache_add: 31260615, swap_cache_delete: 31249273 } },
  },
  { line: "Unreclaimable slab info:", from: "kernel-oom-formats.md §2 (4.15+)", expect: { kind: "slab-start" } },
];
