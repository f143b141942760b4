import { describe, expect, it } from "vitest";
import type { LogRecord } from "../../src/records/log-record.js";
import { fixture, recordsFromText } from "../oom/helpers.js";
import { createAssembler } from "../../src/assemble/assembler.js";
import { assemble, killPids } from "./run.js";

const lines = (rel: string) => fixture(rel).split("\n");
/** Lines from..to (1-based, inclusive) of a fixture, joined. */
const slice = (rel: string, from: number, to: number) => lines(rel).slice(from - 1, to).join("\n") + "\n";
const GO = "go-leak/dmesg.txt";
const CAD1 = "cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case3_docker_memcg_4.8_part1.log";
const CAD2 = "cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case3_docker_memcg_4.8_part2.log";

function daemon(ident: string, message: string, line = 1): LogRecord {
  return { source: "t", line, lineCount: 1, format: "test", host: null, uptime: null, wall: null, level: null, callerId: null, ident, bootId: null, seq: null, boot: 0, message };
}

describe("lines that only look like OOM output are not events", () => {
  it("a Mem-Info block without a header (sysrq-m, allocation failure)", () => {
    // cadvisor case2 lines 32–61: `Mem-Info:` … `10614 pages reserved`
    expect(assemble(recordsFromText(slice("cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case2_global_3.13.log", 32, 61)))).toEqual([]);
  });
  it("OOM killer enabled/disabled (suspend/resume), and daemons quoting the kernel", () => {
    const recs = [
      ...recordsFromText("OOM killer disabled.\nOOM killer enabled.\n"),
      daemon("systemd", "leaky.service: A process of this unit has been killed by the OOM killer."),
      // node-problem-detector / containerd quoting the kernel's kill line (go-leak dmesg line 103)
      daemon("node-problem-detector", "Memory cgroup out of memory: Killed process 2230 (python3) total-vm:58704kB, anon-rss:48768kB, file-rss:6364kB, shmem-rss:0kB, UID:0 pgtables:152kB oom_score_adj:0"),
      daemon("containerd", "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/sandbox/oomprobe,task_memcg=/sandbox/oomprobe,task=python3,pid=2230,uid=0"),
      // a plain-dmesg line from a program, not the kernel: the prefix is not a kernel OOM reason
      ...recordsFromText("[  471.684108] leaky-run[9145]: Killed process 9237 (leaky) total-vm:1kB\n"),
    ];
    expect(assemble(recs)).toEqual([]);
  });
});

describe("assembly across reports", () => {
  it("a new report starting before the previous one ended: the first is kept, incomplete, without a kill", () => {
    // go-leak report 1 (lines 106–202) cut before its `oom-kill:`/`Killed process` lines, then report 2 (209–293)
    const events = assemble(recordsFromText(slice(GO, 106, 202) + slice(GO, 209, 293)));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ complete: false, missing: ["kill"], kills: [] });
    expect(events[0].trigger?.pid).toBe(9243); // `CPU: 0 UID: 0 PID: 9243 Comm: leaky` (line 107)
    expect(killPids(events)).toEqual([10530]);
  });
  it("a report cut at the end of input keeps everything it has", () => {
    const events = assemble(recordsFromText(slice(GO, 106, 202)));
    expect(events).toHaveLength(1);
    expect(events[0].memcg?.usageKb).toBe(204800);
    expect(events[0].kills).toEqual([]);
  });
  it("an oom_reaper line printed after the next report is matched to its kill by pid", () => {
    const a = lines(CAD1);
    const reaper = a.findIndex((l) => l.startsWith("oom_reaper:"));
    const text = [...a.slice(0, reaper), ...a.slice(reaper + 1)].join("\n") + fixture(CAD2) + a[reaper] + "\n";
    const events = assemble(recordsFromText(text));
    expect(killPids(events)).toEqual([1381, 1667]);
    // `oom_reaper: reaped process 1381 (gunpowder-memho), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`
    expect(events[0].kills[0].reaped).toEqual({ anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 });
  });
  it("kill lines whose header was rate-limited away each become an event marked missing the header", () => {
    // kernel-oom-formats.md §7.2 (4.9): the three lines before `oom_kill_process: 132 callbacks suppressed`
    const text = [
      "[  601.337474] Out of memory: Kill process 15498 (a.out) score 716 or sacrifice child",
      "[  601.342349] Killed process 15498 (a.out) total-vm:2166868kB, anon-rss:1159344kB, file-rss:12kB, shmem-rss:0kB",
      "[  601.575590] oom_reaper: reaped process 15498 (a.out), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
    ].join("\n") + "\n" +
      // out-of-memory messages lines 14856–14857 and 15814–15815: two RHEL6 kill pairs back to back
      slice("out-of-memory/tests__assets__logs__messages", 14856, 14857) + slice("out-of-memory/tests__assets__logs__messages", 15814, 15815);
    const events = assemble(recordsFromText(text));
    // two hosts (dmesg has none, syslog has new-db1): separate streams, so only the set of kills is compared
    expect(killPids(events).sort((x, y) => x - y)).toEqual([13929, 15498, 40738]);
    expect(events.find((e) => e.kills[0].pid === 15498)?.kills[0]).toMatchObject({ score: 716, anonRssKb: 1159344, reaped: { anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 } });
    expect(events.every((e) => e.missing.includes("header") && !e.complete)).toBe(true);
  });
  it("a reaper line whose kill line was lost still reports the kill (the reaper proves it)", () => {
    const [e] = assemble(recordsFromText("[  601.575590] oom_reaper: reaped process 15498 (a.out), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n"));
    expect(e.kills[0]).toMatchObject({ pid: 15498, comm: "a.out", totalVmKb: null });
    expect(e.missing).toContain("kill");
  });
  it("a panic_on_oom report has no kill and kind oom-panic", () => {
    // go-leak report 1 header block (lines 106–202) followed by check_panic_on_oom()'s message (kernel-oom-formats.md §5)
    const text = slice(GO, 106, 202) + "[  471.169300] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled\n";
    const [e, ...rest] = assemble(recordsFromText(text));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ kind: "oom-panic", kills: [], panic: { message: "Out of memory: system-wide panic_on_oom is enabled" } });
  });
  it("isCollecting() is true only while a report is open (and a short grace after the kill line)", async () => {
    const { createAssembler } = await import("../../src/assemble/assembler.js");
    const a = createAssembler();
    const seen: boolean[] = [];
    // lines 104–206, then line 206 (`leaky-run[9145]: run end …`) 60 more times: foreign lines after the kill
    const text = slice(GO, 104, 206) + slice(GO, 206, 206).repeat(60);
    for (const r of recordsFromText(text)) { a.push(r); seen.push(a.isCollecting()); }
    expect(seen[0]).toBe(false); // line 104, `leaky-run[9145]: run start …`
    expect(seen[2]).toBe(true); // line 106, `leaky invoked oom-killer`
    expect(seen[100]).toBe(true); // line 204, the kill line: the report may still get oom.group / sharing lines
    expect(seen[seen.length - 1]).toBe(false);
  });
});

/** Is a report still open after each record? */
function collecting(recs: LogRecord[]): boolean[] {
  const a = createAssembler();
  return recs.map((r) => { a.push(r); return a.isCollecting(); });
}

describe("a report closes once no more of its lines can come (else every later line goes through the grammar)", () => {
  const MSG = "out-of-memory/tests__assets__logs__messages";
  it("the machine rebooted after the kill: the report closes at the new boot, not at the end of the input", () => {
    // messages lines 31056–32108: the last report (`Killed process 14421, UID 1002, (php-fpm)` line 32108), then the
    // reboot: `imklog 5.8.10 …` (32109) … `Linux version 2.6.32-642.11.1.el6.x86_64` (32113) … boot lines to 32140.
    const recs = recordsFromText(slice(MSG, 31056, 32140));
    const banner = recs.findIndex((r) => r.message.startsWith("Linux version "));
    expect(recs[banner].boot).toBeGreaterThan(recs[0].boot);
    const seen = collecting(recs);
    expect(seen[banner - 1]).toBe(true); // `Initializing cgroup subsys cpu` (32112): same boot, within the grace
    expect(seen[banner]).toBe(false);
    const events = assemble(recs);
    expect(killPids(events)).toEqual([14421]);
    expect(events[0].source.lineEnd).toBe(1053); // the kill line, 32108 - 31056 + 1
  });
  it("call traces of other warnings after the kill count toward the grace like any foreign line", () => {
    // go-leak report 2 (lines 209–293, `Killed process 10530 (leaky)` on 293), then 60 × a foreign line (206,
    // `leaky-run[9145]: run end …`) and a trace line (213, `dump_header+0x43/0x1c0`): traces used to reset the grace.
    const text = slice(GO, 209, 293) + (slice(GO, 206, 206) + slice(GO, 213, 213)).repeat(60);
    const recs = recordsFromText(text);
    const seen = collecting(recs);
    expect(seen[84]).toBe(true); // line 293, the kill line
    expect(seen[seen.length - 1]).toBe(false);
    expect(killPids(assemble(recs))).toEqual([10530]);
  });
  it("with printk caller ids, a report past its kill closes after 1000 records of other callers", () => {
    // The same report printed by task T10535 (the `CPU: 1 UID: 0 PID: 10535` of line 210), then lines of CPU 1 only.
    const report = recordsFromText(slice(GO, 209, 293)).map((r) => ({ ...r, callerId: "T10535" }));
    const other = recordsFromText(slice(GO, 206, 206).repeat(1005)).map((r, i) => ({ ...r, line: 300 + i, callerId: "C1" }));
    const seen = collecting([...report, ...other]);
    expect(seen[84 + 1000]).toBe(true); // 1000 records of other callers: still open for the victim's stream
    expect(seen[84 + 1002]).toBe(false);
    expect(killPids(assemble([...report, ...other]))).toEqual([10530]);
  });
});
