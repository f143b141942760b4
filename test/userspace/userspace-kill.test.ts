import { describe, expect, it } from "vitest";
import type { LogRecord } from "../../src/records/log-record.js";
import { parseUserspaceKill, USERSPACE_TRIGGER_STRINGS } from "../../src/userspace/userspace-kill.js";

/**
 * A LogRecord as the envelope layer would give it. The tests split the envelope by hand from the
 * real line (host, program, time), so the parser under test sees only what it sees in production.
 */
function record(message: string, over: Partial<LogRecord> = {}): LogRecord {
  return {
    source: "journal.txt",
    line: 1,
    lineCount: 1,
    format: "journalctl-short",
    host: null,
    uptime: null,
    wall: null,
    level: null,
    callerId: null,
    ident: null,
    bootId: null,
    seq: null,
    boot: 0,
    message,
    ...over,
  };
}

/** "<Mon DD HH:MM:SS|ISO> host ident[pid]: message" → the parts. */
function splitSyslog(line: string): { host: string; ident: string; message: string } {
  const m = /^(?:\S+ \S+ \S+|\S+) (\S+) ([\w.-]+)\[\d+\]: (.*)$/s.exec(line);
  if (!m) throw new Error(`not a syslog line: ${line}`);
  return { host: m[1], ident: m[2], message: m[3] };
}

describe("systemd-oomd", () => {
  // journalctl -u systemd-oomd output quoted in a public notes file (found by code search for "due to memory pressure for /user.slice").
  const PRESSURE =
    "Oct 09 19:25:20 pekka systemd-oomd[1027]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-code-892075.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 59.83% > 50.00% for > 20s with reclaim activity";

  it("pressure kill: killed cgroup, monitored cgroup, unit name as comm", () => {
    const { host, ident, message } = splitSyslog(PRESSURE);
    const e = parseUserspaceKill(record(message, { host, ident, line: 7 }))!;
    expect(e.killer).toBe("systemd-oomd");
    expect(e.kind).toBe("userspace-kill");
    expect(e.complete).toBe(true);
    expect(e.missing).toEqual([]);
    expect(e.host).toBe("pekka");
    expect(e.memcg!.taskPath).toBe("/user.slice/user-1000.slice/user@1000.service/app.slice/app-code-892075.scope");
    expect(e.memcg!.oomPath).toBe("/user.slice/user-1000.slice/user@1000.service");
    expect(e.memcg!.container).toMatchObject({ runtime: "systemd", unit: "app-code-892075.scope" });
    expect(e.kills[0]).toMatchObject({ pid: 0, comm: "app-code-892075.scope", cgroup: e.memcg!.taskPath, line: message });
    expect(e.source).toEqual({ path: "journal.txt", lineStart: 7, lineEnd: 7 });
    expect(e.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it("newer wording 'Marked … for killing' (systemd/systemd PR #42321, TEST-55-OOMD journal)", () => {
    const line =
      "[   77.749670] systemd-oomd[659]: Marked /system.slice/systemd-journald.service for killing due to memory pressure for /system.slice being 85.03% > 80.00% for > 2s with reclaim activity";
    const m = /^\[\s*([\d.]+)\] (.*)$/.exec(line)!;
    // ident left null: the message still carries "systemd-oomd[659]: ", which the parser splits itself.
    const e = parseUserspaceKill(record(m[2], { uptime: Number(m[1]) }))!;
    expect(e.kills[0].comm).toBe("systemd-journald.service");
    expect(e.memcg!.oomPath).toBe("/system.slice");
    expect(e.time.uptime).toBe(77.74967);
  });

  it("swap kill, v251+ wording with memory and swap used (journal quoted in a public notes file)", () => {
    const line =
      "2026-08-27T15:51:41+1000 AVANCE-WS7 systemd-oomd[709]: Killed /user.slice/user-1002.slice/user@1002.service/app.slice/app-chrome\\x2diidheibmjbpieikekgapdklcblnmllmh\\x2dDefault@8fdcfdb58bff44a786afdfbe01c7edf7.service due to memory used (22369452032) / total (24681861120) and swap used (8589910016) / total (8589930496) being more than 90.00%";
    const { host, ident, message } = splitSyslog(line);
    const e = parseUserspaceKill(record(message, { host, ident, wall: Date.parse("2026-08-27T15:51:41+10:00") }))!;
    expect(e.memcg!.oomPath).toBeNull(); // swap kills are system-wide
    expect(e.kills[0].comm).toBe("app-chrome\\x2diidheibmjbpieikekgapdklcblnmllmh\\x2dDefault@8fdcfdb58bff44a786afdfbe01c7edf7.service");
    expect(e.time.wall).toBe("2026-08-27T05:51:41.000Z");
  });

  it("needs ident systemd-oomd or none: another program's 'Killed …' is not an oomd kill", () => {
    const { message } = splitSyslog(PRESSURE);
    expect(parseUserspaceKill(record(message, { ident: "bash" }))).toBeNull();
  });
});

describe("earlyoom", () => {
  it("README example: signal, pid, uid, name, badness, VmRSS", () => {
    // rfjakob/earlyoom README.md, "Checking Logs".
    const { host, ident, message } = splitSyslog(
      'Feb 20 10:59:34 debian earlyoom[10231]: sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB',
    );
    const e = parseUserspaceKill(record(message, { host, ident }))!;
    expect(e.killer).toBe("earlyoom");
    expect(e.kills[0]).toMatchObject({ pid: 7378, uid: 1000, comm: "tail", signal: "SIGTERM", score: 156, vmRssKb: 4962 * 1024 });
    expect(e.memcg).toBeNull();
  });

  it("a comm with colons (vLLM run log quoted in a public repo)", () => {
    const { host, ident, message } = splitSyslog(
      '2026-07-11T05:57:14.911583+00:00 sparky1 earlyoom[1593]: sending SIGTERM to process 2806237 uid 1000 "VLLM::EngineCor": badness 994, VmRSS 4229 MiB',
    );
    const e = parseUserspaceKill(record(message, { host, ident }))!;
    expect(e.host).toBe("sparky1");
    expect(e.kills[0]).toMatchObject({ pid: 2806237, comm: "VLLM::EngineCor", score: 994, vmRssKb: 4229 * 1024 });
  });

  it("newer wording with oom_score and oom_score_adj (journal line quoted in a public Python test)", () => {
    const message = 'sending SIGTERM to process 1639069 uid 991 "rustc": oom_score 1331, oom_score_adj 500, VmRSS 3287 MiB, cmdline "..."';
    const e = parseUserspaceKill(record(message, { ident: "earlyoom" }))!;
    expect(e.kills[0]).toMatchObject({ pid: 1639069, uid: 991, comm: "rustc", score: 1331, oomScoreAdj: 500, vmRssKb: 3287 * 1024 });
  });

  it("the startup banner 'sending SIGTERM when mem <= …' is not a kill (earlyoom log in a public blog post)", () => {
    expect(parseUserspaceKill(record("sending SIGTERM when mem <= 10.00% and swap <= 10.00%,", { ident: "earlyoom" }))).toBeNull();
  });
});

describe("legacy Android lowmemorykiller", () => {
  // `dmesg -r` of an Android device quoted in a public file (found by code search for "lowmemorykiller: Killing '"):
  const LINES = [
    "<6>lowmemorykiller: Killing 'd.play.games.ui' (2613), adj 1000,",
    "<6>   to free 20784kB on behalf of 'kswapd0' (442) because",
    "<6>   cache 32112kB is below limit 32384kB for oom_score_adj 1000",
    "<6>   Free memory is 17432kB above reserved",
  ].map((l) => l.replace(/^<6>/, ""));

  it("the whole printk as one record (kmsg keeps it with \\x0a): victim, rss to free, on behalf of", () => {
    const e = parseUserspaceKill(record(LINES.join("\n"), { format: "kmsg", lineCount: 1, ident: "kernel", uptime: 533.604004 }))!;
    expect(e.killer).toBe("lowmemorykiller");
    expect(e.kills[0]).toMatchObject({ pid: 2613, comm: "d.play.games.ui", oomScoreAdj: 1000, vmRssKb: 20784 });
    expect(e.trigger).toMatchObject({ comm: "kswapd0", pid: 442 });
  });

  it("only the first line (dmesg splits the printk): the victim, the rest null", () => {
    const e = parseUserspaceKill(record(LINES[0]))!;
    expect(e.kills[0]).toMatchObject({ pid: 2613, comm: "d.play.games.ui", oomScoreAdj: 1000, vmRssKb: null });
    expect(e.trigger).toBeNull();
  });
});

describe("what is not a userspace kill", () => {
  it("kernel kill lines stay for the kernel grammar", () => {
    // corpus go-leak/logs/dmesg.txt line 2258 and cadvisor consts endLine.
    expect(parseUserspaceKill(record("Memory cgroup out of memory: Killed process 12932 (leaky) total-vm:1366576kB, anon-rss:204032kB, file-rss:5648kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0"))).toBeNull();
    expect(parseUserspaceKill(record("Killed process 19667 (evil-program2) total-vm:1460016kB, anon-rss:1414008kB, file-rss:4kB"))).toBeNull();
  });

  it("never throws on odd records", () => {
    expect(parseUserspaceKill(record(""))).toBeNull();
    expect(parseUserspaceKill({ ...record("x"), message: undefined as unknown as string })).toBeNull();
    expect(parseUserspaceKill(record("Killed \u0000 due to "))).toBeNull();
  });
});

describe("USERSPACE_TRIGGER_STRINGS", () => {
  it("every kill line above contains one of them; a kernel line does not", () => {
    const kills = [
      "Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-code-892075.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 59.83% > 50.00% for > 20s with reclaim activity",
      "Killed /system.slice/httpd.service due to memory used (32305733632) / total (33046",
      'sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB',
      "lowmemorykiller: Killing 'd.play.games.ui' (2613), adj 1000,",
    ];
    for (const k of kills) expect(USERSPACE_TRIGGER_STRINGS.some((t) => k.includes(t))).toBe(true);
    expect(USERSPACE_TRIGGER_STRINGS.some((t) => "[  133.031850] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0".includes(t))).toBe(false);
  });

  it("the same record gives the same id; another pid another id", () => {
    const a = parseUserspaceKill(record('sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB', { ident: "earlyoom", wall: 1 }))!;
    const b = parseUserspaceKill(record('sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB', { ident: "earlyoom", wall: 1 }))!;
    const c = parseUserspaceKill(record('sending SIGTERM to process 7379 uid 1000 "tail": badness 156, VmRSS 4962 MiB', { ident: "earlyoom", wall: 1 }))!;
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
  });
});
