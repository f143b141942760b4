import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/correlate/build-report.js";
import { parseTimeFilter } from "../../src/correlate/time-filter.js";
import { hostFromPath } from "../../src/correlate/host-from-path.js";
import { parseUserspaceKill } from "../../src/userspace/userspace-kill.js";
import { fixturePath, killEvents } from "./helpers/kernel-kill-events.js";

// Real kills of corpus go-leak (kernel 6.18, cgroup v1, /sandbox/leaky limited to 200 MiB): 25 `leaky`,
// 3 `payment-gateway`, 1 `python3`. Expected numbers are read from the fixture text here, not from the program.
const DMESG = "go-leak-dmesg-kill-lines.txt";
const KMSG = "go-leak-dev-kmsg-kill-lines.txt";
const ISO = "go-leak-dmesg-iso-kill-lines.txt";
const fixtureText = readFileSync(fixturePath(DMESG), "utf8");
const killsOf = (comm: string) => (fixtureText.match(new RegExp(`Killed process \\d+ \\(${comm}\\)`, "g")) ?? []).length;

describe("buildReport on the go-leak ring buffer", () => {
  const events = killEvents(DMESG, "dmesg", { path: "logs/dmesg.txt" });
  const report = buildReport(events);

  it("one group per recurring failure, ordered by count; group counts sum to the kills", () => {
    expect(report.schema).toBe("oomsleuth/report@1");
    expect(report.totals).toEqual({ events: 29, kills: 29, hosts: 1, groups: 3 });
    expect(report.groups.map((g) => [g.comm, g.count])).toEqual([
      ["leaky", killsOf("leaky")],
      ["payment-gateway", killsOf("payment-gateway")],
      ["python3", killsOf("python3")],
    ]);
    expect(report.groups.reduce((n, g) => n + g.count, 0)).toBe(report.totals.kills);
    const leaky = report.groups[0];
    // dmesg.txt line 2257: oom-kill:constraint=CONSTRAINT_MEMCG,…,oom_memcg=/sandbox/leaky,task_memcg=/sandbox/leaky
    expect(leaky).toMatchObject({ killer: "kernel", constraint: "CONSTRAINT_MEMCG", cgroupPattern: "/sandbox/leaky", limitKb: 204800 });
    expect(leaky.container).toEqual({ runtime: null, ids: [], podUids: [] });
    expect(leaky.hosts).toEqual(["unknown"]); // raw dmesg names no host, and logs/dmesg.txt is no host layout
    expect(leaky.firstSeen).toBeNull(); // raw dmesg: uptime only
  });

  it("the fingerprint is the sha1 of killer, comm, constraint and pattern, whatever file it came from", () => {
    const expected = createHash("sha1").update(JSON.stringify(["kernel", "leaky", "CONSTRAINT_MEMCG", "/sandbox/leaky"])).digest("hex").slice(0, 16);
    expect(report.groups[0].fingerprint).toBe(expected);
    const fromIso = buildReport(killEvents(ISO, "iso", { path: "dmesg-iso.txt" }));
    expect(fromIso.groups[0].fingerprint).toBe(expected);
  });

  it("the last run's four kills: intervals of ~15.5 s by uptime, anon-rss at the limit", () => {
    // dmesg.txt lines 2258, 2338, 2431, 2511: the kills at 4704.430226, 4719.899985, 4735.544045, 4750.320556.
    const lastRun = events.filter((e) => e.time.uptime! > 4700);
    expect(lastRun.map((e) => e.kills[0].pid)).toEqual([12932, 13308, 13683, 14060]);
    const g = buildReport(lastRun).groups[0];
    const t = [4704.430226, 4719.899985, 4735.544045, 4750.320556];
    const d = [t[1] - t[0], t[2] - t[1], t[3] - t[2]].map((x) => Math.round(x * 1000) / 1000).sort((a, b) => a - b);
    expect(g.intervalSeconds).toEqual({ min: d[0], median: d[1], max: d[2] });
    expect(g.intervalSeconds!.median).toBeCloseTo(15.5, 0);
    // anon-rss: 204032, 203904, 203904, 203904 kB (same lines)
    expect(g.anonRssKb).toEqual({ min: 203904, median: 203904, max: 204032 });
    expect(g.usageKb).toEqual({ min: 204800, median: 204800, max: 204800 });
    expect(g.evidence.first).toMatchObject({ path: "logs/dmesg.txt", lineStart: 2257, lineEnd: 2258 });
    expect(g.evidence.first.text).toContain("Killed process 12932 (leaky)");
    expect(g.evidence.last.text).toContain("Killed process 14060 (leaky)");
    expect(g.kills.map((k) => k.pid)).toEqual([12932, 13308, 13683, 14060]);
  });
});

describe("dedupe", () => {
  it("the same kills read from dmesg and from /dev/kmsg count once and keep both sources", () => {
    const a = killEvents(DMESG, "dmesg", { path: "dmesg.txt" });
    const b = killEvents(KMSG, "kmsg", { path: "dev-kmsg.txt" });
    const r = buildReport([...a, ...b]);
    expect(r.totals).toEqual({ events: 29, kills: 29, hosts: 1, groups: 3 });
    expect(r.groups[0].count).toBe(killsOf("leaky"));
  });

  it("raw dmesg (uptime only) and dmesg --time-format iso (wall only) of one ring buffer merge by the kill line's numbers", () => {
    const r = buildReport([
      ...killEvents(DMESG, "dmesg", { path: "dmesg.txt" }),
      ...killEvents(ISO, "iso", { path: "dmesg-iso.txt" }),
    ]);
    expect(r.totals.events).toBe(29);
    const leaky = r.groups[0];
    // The merged kill has both clocks: uptime from dmesg.txt line 2511, wall from dmesg-iso.txt line 2511.
    expect(leaky.kills[leaky.kills.length - 1]).toMatchObject({ pid: 14060, uptime: 4750.320556, wall: isoOf(fixtureLine(ISO, 2511)) });
  });

  it("merged copies keep microsecond intervals: uptime is preferred when the wall clock agrees with it", () => {
    const r = buildReport(
      [...killEvents(DMESG, "dmesg", { path: "dmesg.txt" }), ...killEvents(ISO, "iso", { path: "dmesg-iso.txt" })],
      { since: parseTimeFilter("2026-11-26T20:30:00Z", new Date()) },
    );
    // dmesg.txt lines 2258, 2338, 2431, 2511 (the iso copies' wall times are cut to milliseconds by the envelope).
    const t = [4704.430226, 4719.899985, 4735.544045, 4750.320556];
    const d = [t[1] - t[0], t[2] - t[1], t[3] - t[2]].map((x) => Math.round(x * 1000) / 1000).sort((a, b) => a - b);
    expect(r.groups[0].intervalSeconds).toEqual({ min: d[0], median: d[1], max: d[2] });
  });

  it("a kill without host (raw dmesg) matches the same kill with a host (a per-host kern.log)", () => {
    const raw = killEvents(DMESG, "dmesg", { path: "dmesg.txt" });
    const host = hostFromPath("web-1/kern.log");
    const withHost = killEvents(DMESG, "dmesg", { path: "web-1/kern.log", host });
    const r = buildReport([...raw, ...withHost]);
    expect(r.totals.events).toBe(29);
    expect(r.totals.hosts).toBe(1);
    expect(r.groups[0].hosts).toEqual(["web-1"]);
  });

  it("two different hosts stay two kills", () => {
    const r = buildReport([
      ...killEvents(DMESG, "dmesg", { path: "a", host: "web-1" }),
      ...killEvents(DMESG, "dmesg", { path: "b", host: "web-2" }),
    ]);
    expect(r.totals).toMatchObject({ events: 58, kills: 58, hosts: 2, groups: 3 });
    expect(r.groups[0].hosts).toEqual(["web-1", "web-2"]);
  });
});

describe("filters and wall time", () => {
  const iso = killEvents(ISO, "iso", { path: "dmesg-iso.txt" });

  it("firstSeen/lastSeen and intervals from wall time (dmesg --time-format iso)", () => {
    const leaky = buildReport(iso).groups[0];
    // First `(leaky)` kill is at line 204 of dmesg-iso.txt, the last at line 2511.
    const firstLine = fixtureLine(ISO, 204);
    expect(leaky.firstSeen).toBe(isoOf(firstLine));
    expect(leaky.lastSeen).toBe(isoOf(fixtureLine(ISO, 2511)));
  });

  it("--since keeps the kills at or after the time (the last leaky run starts at 20:30:05)", () => {
    const r = buildReport(iso, { since: parseTimeFilter("2026-11-26T20:30:00Z", new Date()) });
    expect(r.totals.kills).toBe(4);
    expect(r.groups[0].intervalSeconds!.median).toBeCloseTo(15.5, 0);
    const until = buildReport(iso, { until: parseTimeFilter("2026-11-26T20:30:00Z", new Date()) });
    expect(until.totals.kills).toBe(25);
  });

  it("a time filter leaves out events without wall time, with a warning", () => {
    const r = buildReport(killEvents(DMESG, "dmesg", { path: "dmesg.txt" }), { since: new Date(0) });
    expect(r.totals.kills).toBe(0);
    expect(r.warnings[0].message).toMatch(/^29 event\(s\) without a wall-clock time/);
  });

  it("--killer keeps one killer's kills", () => {
    // rfjakob/earlyoom README.md: "Feb 20 10:59:34 debian earlyoom[10231]: sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB"
    const early = parseUserspaceKill({
      source: "syslog", line: 1, lineCount: 1, format: "syslog-rfc3164", host: "debian", uptime: null, wall: Date.parse("2026-02-20T10:59:34Z"),
      level: null, callerId: null, ident: "earlyoom", bootId: null, seq: null, boot: 0,
      message: 'sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB',
    })!;
    const all = buildReport([...iso, early]);
    expect(all.totals).toMatchObject({ kills: 30, groups: 4, hosts: 2 });
    const kernelOnly = buildReport([...iso, early], { killer: "kernel" });
    expect(kernelOnly.totals).toMatchObject({ kills: 29, groups: 3 });
    const earlyOnly = buildReport([...iso, early], { killer: "earlyoom" });
    expect(earlyOnly.groups[0]).toMatchObject({ comm: "tail", count: 1, hosts: ["debian"], cgroupPattern: null });
  });
});

describe("parseTimeFilter", () => {
  const now = new Date("2026-11-26T20:31:00Z");
  it("relative spans back from now", () => {
    expect(parseTimeFilter("7d", now)!.toISOString()).toBe("2026-11-19T20:31:00.000Z");
    expect(parseTimeFilter("12h", now)!.toISOString()).toBe("2026-11-26T08:31:00.000Z");
    expect(parseTimeFilter("30m", now)!.toISOString()).toBe("2026-11-26T20:01:00.000Z");
  });
  it("ISO dates and times; anything else is null", () => {
    expect(parseTimeFilter("2026-11-26T20:30:05Z", now)!.toISOString()).toBe("2026-11-26T20:30:05.000Z");
    expect(parseTimeFilter("2026-11-26", now)).not.toBeNull();
    expect(parseTimeFilter("yesterday", now)).toBeNull();
    expect(parseTimeFilter("2026-13-45", now)).toBeNull();
    expect(parseTimeFilter("", now)).toBeNull();
  });
});

describe("hostFromPath", () => {
  it("per-host directories of system logs", () => {
    expect(hostFromPath("collected/web-1/kern.log.2.gz")).toBe("web-1");
    expect(hostFromPath("db-3/var/log/messages-20240101")).toBe("db-3");
    expect(hostFromPath("web-2/logs/syslog.1")).toBe("web-2");
  });
  it("no host where the path does not say one", () => {
    expect(hostFromPath("/var/log/kern.log")).toBeNull();
    expect(hostFromPath("test/fixtures/correlate/go-leak-dmesg-kill-lines.txt")).toBeNull();
    expect(hostFromPath("kern.log")).toBeNull();
    expect(hostFromPath("-")).toBeNull();
  });
});

function fixtureLine(name: string, lineNo: number): string {
  const line = readFileSync(fixturePath(name), "utf8").split("\n").find((l) => l.startsWith(`${lineNo}:`));
  if (!line) throw new Error(`line ${lineNo} not in ${name}`);
  return line;
}

/** "204:2026-11-26T19:…,169206+00:00 …" → ISO with milliseconds, UTC. */
function isoOf(line: string): string {
  const m = /^\d+:(\S+?),(\d{3})\d*\+00:00 /.exec(line)!;
  return `${m[1]}.${m[2]}Z`;
}
