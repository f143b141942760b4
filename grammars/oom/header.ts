import { fieldMap, num } from "./fields.js";
import type { LineSample, OomLine } from "./line-types.js";

/**
 * The head of a report: the `invoked oom-killer` line, the cpuset line, the CPU/PID line, `Hardware name`, and the
 * call trace / registers that `dump_stack()` prints (kept out of the way as "trace").
 */

const INVOKED = " invoked oom-killer: ";

/**
 * `"%s invoked oom-killer: gfp_mask=…, order=%d, …adj=%d"` — out_of_memory() ≈2.6.2x (`oomkilladj=`),
 * oom_kill_process() 2.6.31–2.6.35 (`oom_adj=`), dump_header() 2.6.36–3.6 and RHEL6 (`oom_adj=, oom_score_adj=`),
 * 3.7–4.4 (raw hex mask), ≈4.5+ (`%pGg` decoded flags), ≈4.8–4.19 (`nodemask=`; 4.10–4.17 `,  order=` with two
 * spaces), 5.0–6.18 (nodemask moved to `oom-kill:`). 2.6.1x printed `oom-killer: gfp_mask=…` with no comm.
 */
export function parseHeader(t: string): OomLine | null {
  let comm: string;
  let tail: string;
  const at = t.indexOf(INVOKED);
  if (at >= 0) {
    comm = t.slice(0, at);
    tail = t.slice(at + INVOKED.length);
  } else if (t.startsWith("oom-killer: gfp_mask=")) {
    comm = "";
    tail = t.slice("oom-killer: ".length);
  } else {
    return null;
  }
  const f = fieldMap(tail);
  const mask = f.get("gfp_mask");
  // Tolerate `\w+_adj=` spellings (a widely copied quote reads `oom_scoe_adj`).
  let scoreAdj = num(f, "oom_score_adj");
  if (scoreAdj === null) for (const [k, v] of f) if (k !== "oom_adj" && k.endsWith("_adj") && v.value !== null) scoreAdj = v.value;
  const oomAdj = num(f, "oom_adj") ?? num(f, "oomkilladj");
  return {
    kind: "header",
    comm,
    gfpMask: mask ? mask.raw : null,
    gfpFlags: mask?.flags ?? null,
    order: num(f, "order"),
    oomScoreAdj: scoreAdj,
    oomAdj,
    nodemask: between(tail, "nodemask=", ","),
  };
}

/**
 * `"%s cpuset=%s mems_allowed=%s"` — cpuset_print_task_mems_allowed() / cpuset_print_current_mems_allowed(),
 * 2.6.32 – 4.19 (5.0+ folds it into the `oom-kill:` line). The cpuset is the last path component.
 */
export function parseCpuset(t: string): OomLine | null {
  const c = t.lastIndexOf(" cpuset=");
  const m = t.lastIndexOf(" mems_allowed=");
  if (c <= 0 || m < c || t.startsWith("oom-kill:")) return null;
  return { kind: "cpuset", comm: t.slice(0, c), cpuset: t.slice(c + 8, m), memsAllowed: t.slice(m + 14).trim() };
}

const TAINT_MARKERS = [" Kdump: loaded", " Not tainted", " Tainted: "];

/**
 * `"CPU: %d PID: %d Comm: %.20s %s%s %s %.*s"` — dump_stack_print_info() lib/dump_stack.c, 3.10 – 6.10;
 * `CPU: %d UID: %u PID: %d Comm: …` 6.11+, with `Kdump: loaded ` (RHEL), RHEL taint markers, build id, and
 * (≈6.16+) the preempt model. ≤3.9: `"Pid: %d, comm: %.20s %s %s"` from x86 dump_stack()/show_regs.
 * The kernel release is the first word after the taint text that starts with `N.N`.
 */
export function parseCpuLine(t: string): OomLine | null {
  let commAt: number;
  let head: string;
  if (t.startsWith("CPU: ") && t.includes(" PID: ")) {
    commAt = t.indexOf(" Comm: ");
    if (commAt < 0) return null;
    head = t.slice(0, commAt);
    commAt += 7;
  } else if (t.startsWith("Pid: ") && t.includes(", comm: ")) {
    commAt = t.indexOf(", comm: ");
    head = t.slice(0, commAt).replace(",", "");
    commAt += 8;
  } else {
    return null;
  }
  const f = fieldMap(head);
  let end = t.length;
  for (const mark of TAINT_MARKERS) {
    const i = t.indexOf(mark, commAt);
    if (i >= 0 && i < end) end = i;
  }
  const comm = t.slice(commAt, end).trim();
  const rest = t.slice(end);
  let tainted: string | null = null;
  let kernelVersion: string | null = null;
  const words = rest.split(/\s+/);
  const taintAt = words.indexOf("Tainted:");
  for (let i = 0; i < words.length; i++) {
    if (/^\d+\.\d+/.test(words[i])) {
      kernelVersion = words[i];
      if (taintAt >= 0 && taintAt < i) tainted = words.slice(taintAt + 1, i).join(" ") || null;
      break;
    }
  }
  return {
    kind: "cpu", cpu: num(f, "CPU"), pid: num(f, "PID") ?? num(f, "Pid"), uid: num(f, "UID"),
    comm: comm || null, kernelVersion, tainted,
  };
}

/** `"%sHardware name: %s"` — dump_stack_print_info(), 3.10 → 6.18 (only when the arch set a description). */
export function parseHardware(t: string): OomLine | null {
  return t.startsWith("Hardware name: ") ? { kind: "hardware", name: t.slice(15).trim() } : null;
}

const TRACE_PREFIXES = [
  "Call Trace:", "Call trace:", "<TASK>", "</TASK>", "<IRQ>", "</IRQ>", "<EOI>", "<NMI>", "</NMI>", "[<",
  "RIP: ", "Code: ", "RSP: ", "RAX: ", "RDX: ", "RBP: ", "R10: ", "R13: ", "EIP: ", "EAX: ", "ESI: ", "DS: ",
  "Workqueue: ", "Stopper: ", "Tainted: [", "Backtrace:", "Exception stack", "pc : ", "lr : ", "sp : ",
  "Modules linked in:",
];

const TRACE_PREFIXES_BY_FIRST = new Map<number, string[]>();
for (const p of TRACE_PREFIXES) TRACE_PREFIXES_BY_FIRST.set(p.charCodeAt(0), [...(TRACE_PREFIXES_BY_FIRST.get(p.charCodeAt(0)) ?? []), p]);

/**
 * Stack dump of dump_header() → dump_stack(): `Call Trace:`/`Call trace:` (arm64), x86 `[<addr>] fn+0x/0x` (≤≈4.9)
 * and plain `fn+0x/0x` (≈4.10+), `<TASK>`…`</TASK>` (≈5.16+), powerpc `[c…] [c…] fn+0x/0x`, arm
 * `(unwind_backtrace) from [<…>] (…)`, raw stack words (x86 ≤≈4.9), user registers (`RIP:`, `Code:`, `RSP:` …).
 */
export function isTraceLine(t: string): boolean {
  // Only the prefixes starting with the line's first character are tried (every line of a report that no rule
  // before took comes here; trying all thirty-odd prefixes was a tenth of this grammar's dispatch).
  for (const p of TRACE_PREFIXES_BY_FIRST.get(t.charCodeAt(0)) ?? []) if (t.startsWith(p)) return true;
  if (t.includes("+0x") && t.includes("/0x")) return true;
  if (t.startsWith("? ") || t.startsWith("R08: ") || t.startsWith("R11: ") || t.startsWith("R14: ") || t.startsWith("FS: ") || t.startsWith("CS: ") || t.startsWith("CR2: ")) return true;
  return isStackWords(t);
}

/** ` ffff8800513339d8 ffffffff813fb523 …`: words of 8 or 16 hex digits only. */
export function isStackWords(t: string): boolean {
  if (t.length < 8) return false;
  let run = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
    if (hex) run++;
    else if (c === 32 && (run === 16 || run === 8)) run = 0;
    else return false;
  }
  return run === 16 || run === 8;
}

/** `"%s: %d callbacks suppressed"` — ___ratelimit() lib/ratelimit.c, all versions (precedes a rate-limited header). */
export function parseSuppressed(t: string): OomLine | null {
  const i = t.indexOf(" callbacks suppressed");
  if (i < 0) return null;
  const m = /(\d+)$/.exec(t.slice(0, i));
  return m ? { kind: "suppressed", count: Number(m[1]) } : null;
}

function between(s: string, start: string, end: string): string | null {
  const i = s.indexOf(start);
  if (i < 0) return null;
  const j = s.indexOf(end, i + start.length);
  return s.slice(i + start.length, j < 0 ? undefined : j).trim();
}

export const samples: LineSample[] = [
  {
    line: "main invoked oom-killer: gfp_mask=0x24000c0, order=0, oom_score_adj=0                                                                                                                                                 [7/972]",
    from: "seed/sre-debugging-simple-memory-leaks-in-go.md (4.4.0-130)",
    expect: { kind: "header", comm: "main", gfpMask: "0x24000c0", gfpFlags: null, order: 0, oomScoreAdj: 0, oomAdj: null },
  },
  {
    line: "php-fpm invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=0, oom_score_adj=0",
    from: "peers/out-of-memory/messages line 13978 (RHEL6 2.6.32)",
    expect: { kind: "header", comm: "php-fpm", gfpMask: "0x280da", order: 0, oomAdj: 0, oomScoreAdj: 0 },
  },
  {
    line: "a.out invoked oom-killer: gfp_mask=0x24280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=0, order=0, oom_score_adj=0",
    from: "kernel-oom-formats.md §7.2 (4.9)",
    expect: { kind: "header", comm: "a.out", gfpFlags: ["GFP_HIGHUSER_MOVABLE", "__GFP_ZERO"], nodemask: "0", order: 0 },
  },
  {
    line: "thrash invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), nodemask=(null), order=0, oom_score_adj=0",
    from: "kernel-oom-formats.md §7.3 (4.19.4)",
    expect: { kind: "header", comm: "thrash", gfpMask: "0x6000c0", gfpFlags: ["GFP_KERNEL"], nodemask: "(null)" },
  },
  {
    line: "kworker/0:2 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0",
    from: "peers/OOMAnalyser example_ubuntu2110 (5.13, sysrq-f)",
    expect: { kind: "header", comm: "kworker/0:2", order: -1, oomScoreAdj: 0, nodemask: null },
  },
  {
    line: "in:imjournal invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
    from: "peers/out-of-memory/messages.1 line 1 (RHEL8 4.18)",
    expect: { kind: "header", comm: "in:imjournal", gfpFlags: ["GFP_HIGHUSER_MOVABLE"] },
  },
  {
    line: "main cpuset=34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6 mems_allowed=0",
    from: "seed (4.4.0-130)",
    expect: { kind: "cpuset", comm: "main", cpuset: "34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6", memsAllowed: "0" },
  },
  {
    line: "CPU: 2 PID: 11345 Comm: main Not tainted 4.4.0-130-generic #156-Ubuntu",
    from: "seed (4.4.0-130)",
    expect: { kind: "cpu", cpu: 2, pid: 11345, uid: null, comm: "main", kernelVersion: "4.4.0-130-generic", tainted: null },
  },
  {
    line: "CPU: 0 UID: 0 PID: 2230 Comm: python3 Not tainted 6.18.44-fc-v782 #1 PREEMPT(none) ",
    from: "go-leak/logs/dmesg.txt (6.18)",
    expect: { kind: "cpu", cpu: 0, uid: 0, pid: 2230, comm: "python3", kernelVersion: "6.18.44-fc-v782" },
  },
  {
    line: "CPU: 2 PID: 11554 Comm: thrash Kdump: loaded Tainted: G          I    ------------ T 3.10.0-862.11.6.el7.x86_64 #1",
    from: "kernel-oom-formats.md §7.1 (RHEL7)",
    expect: { kind: "cpu", pid: 11554, comm: "thrash", kernelVersion: "3.10.0-862.11.6.el7.x86_64", tainted: "G I ------------ T" },
  },
  {
    line: "CPU: 0 PID: 879 Comm: in:imjournal Kdump: loaded Not tainted 4.18.0-553.8.1.el8_10.x86_64 #1",
    from: "peers/out-of-memory/messages.1 (RHEL8)",
    expect: { kind: "cpu", comm: "in:imjournal", kernelVersion: "4.18.0-553.8.1.el8_10.x86_64" },
  },
  {
    line: "Pid: 23212, comm: php-fpm Not tainted 2.6.32-642.11.1.el6.x86_64 #1",
    from: "peers/out-of-memory/messages (RHEL6)",
    expect: { kind: "cpu", pid: 23212, comm: "php-fpm", kernelVersion: "2.6.32-642.11.1.el6.x86_64" },
  },
  {
    line: "Hardware name: innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006",
    from: "seed",
    expect: { kind: "hardware", name: "innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006" },
  },
  { line: "[<ffffffff81401c43>] dump_stack+0x63/0x90", from: "seed", expect: { kind: "trace" } },
  { line: "0000000000000286 ac45344c9134371f ffff8800b8727c88 ffffffff81401c43", from: "seed", expect: { kind: "trace" } },
  { line: "? update_curr+0x51/0x160", from: "kernel-oom-formats.md §7.5", expect: { kind: "trace" } },
  { line: "<TASK>", from: "kernel-oom-formats.md §7.5", expect: { kind: "trace" } },
  { line: "RIP: 0033:0x7fda3798bb75", from: "kernel-oom-formats.md §7.5", expect: { kind: "trace" } },
  { line: "R13: 00007fda349e0030 R14: 00007fda37f4f508 R15: 000055f7e61ff110", from: "kernel-oom-formats.md §7.5", expect: { kind: "trace" } },
  { line: "[c00000037540f730] [c00000000127ec44] dump_stack_lvl+0x88/0xc4 (unreliable)", from: "kernel-oom-formats.md §7.4 (ppc64le)", expect: { kind: "trace" } },
  { line: "Workqueue: events moom_callback", from: "peers/OOMAnalyser example_ubuntu2110", expect: { kind: "trace" } },
  { line: "oom_kill_process: 132 callbacks suppressed", from: "kernel-oom-formats.md §7.2", expect: { kind: "suppressed", count: 132 } },
];
