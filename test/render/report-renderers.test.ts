import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/correlate/build-report.js";
import type { OomEvent } from "../../src/events/oom-event.js";
import { renderReportText } from "../../src/render/report-text.js";
import { renderReportMarkdown } from "../../src/render/report-markdown.js";
import { readGroup } from "../../src/render/report-reading.js";
import { killEvents } from "../correlate/helpers/kernel-kill-events.js";

const goLeak = () => [
  ...killEvents("go-leak-dmesg-kill-lines.txt", "dmesg", { path: "dmesg.txt" }),
  ...killEvents("go-leak-dmesg-iso-kill-lines.txt", "iso", { path: "dmesg-iso.txt" }),
];
const report = buildReport(goLeak());
const width = (s: string) => Array.from(s).length;

/**
 * The two docker memcg kills of google/cadvisor oomparser_test.go @6a0c4f25 TestStreamOOMs case 3
 * (corpus peers/cadvisor/…case3_docker_memcg_4.8_part1.log lines 35/36/43 and part2 lines 29/30/37),
 * built by hand: same program, two containers, very different limits.
 */
function cadvisorDockerKills(): OomEvent[] {
  const one = (path: string, line: number, container: string, usageKb: number, limitKb: number, pid: number, totalVmKb: number, anonRssKb: number, fileRssKb: number, text: string): OomEvent => ({
    id: `cadvisor-${pid}`, killer: "kernel", kind: "oom-kill", complete: true, missing: [],
    source: { path, lineStart: line - 8, lineEnd: line }, host: null, boot: 0, time: { uptime: null, wall: null },
    kernelVersion: "4.8.0-gentoo", trigger: null, constraint: null,
    memcg: { oomPath: `/docker/${container}`, taskPath: `/docker/${container}`, usageKb, limitKb, failcnt: null, swap: null, kmem: null, stats: null, container: null },
    memInfo: null, tasks: null, panic: null,
    kills: [{ pid, comm: "gunpowder-memho", uid: null, score: null, totalVmKb, anonRssKb, fileRssKb, shmemRssKb: 0, pgtablesKb: null, oomScoreAdj: null, reaped: null, line: text }],
  });
  return [
    one("part1.log", 43, "2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50", 20480, 20480, 1381, 2121528, 18624, 2140,
      "Killed process 1381 (gunpowder-memho) total-vm:2121528kB, anon-rss:18624kB, file-rss:2140kB, shmem-rss:0kB"),
    one("part2.log", 37, "6c6fcab8562fd3150854986b78552c732f234fd405b624207b8843528a145e70", 307112, 307200, 1667, 843576, 248180, 2048,
      "Killed process 1667 (gunpowder-memho) total-vm:843576kB, anon-rss:248180kB, file-rss:2048kB, shmem-rss:0kB"),
  ];
}

describe("renderReportText", () => {
  const text = renderReportText(report, { width: 120, color: false });

  it("one line per group with count, victim, where and usage vs limit", () => {
    const rows = text.split("\n").filter((l) => /^\s+\d+ /.test(l));
    expect(rows).toHaveLength(3);
    // 25 leaky kills in /sandbox/leaky; dmesg.txt line 2461: "memory: usage 204800kB, limit 204800kB" = 200 MiB
    expect(rows[0]).toMatch(/^\s+25 .* leaky +\/sandbox\/leaky +200 MiB \/ 200 MiB /);
    // dmesg.txt line 1950: "memory: usage 131072kB, limit 131072kB" = 128 MiB
    expect(rows[1]).toMatch(/^\s+3 .* payment-gateway +\/sandbox\/payment-gateway-svc +128 MiB \/ 128 MiB /);
    // dmesg-iso.txt line 2511 is the last leaky kill: 20:30:51; line 204 the first: 19:19:32.
    expect(rows[0]).toContain("19:19:32 20:30:51");
  });

  it("a timeline of kills over the covered period: the python3 kill (first of all) sits in the first bin", () => {
    const python = text.split("\n").find((l) => l.includes("python3") && /^\s+1 /.test(l))!;
    const spark = python.trim().split(/\s+/).pop()!;
    expect(spark[0]).not.toBe("·");
    expect(spark.slice(1)).toMatch(/^·+$/);
  });

  it("details of the top groups with the first and last kill lines and a reading", () => {
    expect(text).toContain("#1 leaky — 25 kills by kernel, CONSTRAINT_MEMCG");
    expect(text).toContain("Killed process 14060 (leaky)");
    expect(text).toContain("This reads as a leak");
  });

  it("never wider than the terminal, at any width", () => {
    for (const w of [40, 60, 80, 100, 120, 200]) {
      for (const line of renderReportText(report, { width: w, color: false }).split("\n")) expect(width(line)).toBeLessThanOrEqual(w);
    }
  });

  it("colour only when asked", () => {
    expect(text).not.toContain("\u001b");
    expect(renderReportText(report, { width: 120, color: true })).toContain("\u001b[");
  });

  it("a hostile process name cannot reach the terminal as escape codes", () => {
    const events = goLeak().map((e) => ({ ...e, kills: e.kills.map((k) => ({ ...k, comm: k.comm === "python3" ? "\u001b[2Jpwn" : k.comm })) }));
    const out = renderReportText(buildReport(events), { width: 120, color: false });
    expect(out).not.toContain("\u001b");
    expect(out).toContain("\\x1b[2Jpwn");
  });

  it("no kills: says so", () => {
    expect(renderReportText(buildReport([]), { width: 80, color: false })).toContain("No OOM kills found.");
  });

  it("a report of 200,000 kills: the timeline spans them all (its bounds were taken by spreading every time into one call)", () => {
    // go-leak's kills, each group's list repeated: a fleet's month of a crash-looping pod.
    const many = structuredClone(report);
    for (const g of many.groups) g.kills = Array.from({ length: Math.ceil(200_000 / many.totals.kills) }, () => g.kills).flat();
    expect(many.groups.reduce((n, g) => n + g.kills.length, 0)).toBeGreaterThanOrEqual(200_000);
    // The same kill times, so the same period and bins as the report itself.
    expect(renderReportText(many, { width: 120, color: false })).toBe(renderReportText(report, { width: 120, color: false }));
  });

  it("a report of 200,000 groups (a damaged log of random names): one row each", () => {
    const many = structuredClone(report);
    many.groups = Array.from({ length: 200_000 }, (_, i) => ({ ...report.groups[i % report.groups.length], comm: `job-${i}` }));
    const named = renderReportText(many, { width: 120, color: false }).match(/ job-\d+ /g) ?? [];
    // A row each (and the top groups' details name theirs again).
    expect(new Set(named).size).toBe(200_000);
    expect(renderReportMarkdown(many).match(/job-\d+/g)?.length).toBeGreaterThanOrEqual(200_000);
  });
});

describe("renderReportMarkdown", () => {
  const md = renderReportMarkdown(report);

  it("a title naming the top group and a summary table row per group", () => {
    expect(md.split("\n")[0]).toBe("# OOM: leaky killed 25 times by kernel (CONSTRAINT\\_MEMCG) in /sandbox/leaky");
    const rows = md.split("\n").filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.split(" | ")).toHaveLength(12);
  });

  it("evidence: first and last kill lines verbatim with file and lines", () => {
    // dmesg-iso.txt lines 203-204 (oom-kill: line, kill line) and 2510-2511.
    expect(md).toContain("**First kill**: `dmesg-iso.txt:203-204`");
    expect(md).toContain("**Last kill**: `dmesg-iso.txt:2510-2511`");
    expect(md).toContain(
      "```text\nMemory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0\n```",
    );
  });

  it("what to look at next: a leak for leaky, a single kill for python3", () => {
    const leaky = md.slice(md.indexOf("## 1. leaky"), md.indexOf("## 2."));
    expect(leaky).toContain("**What to look at next**");
    expect(leaky).toContain("This reads as a leak");
    expect(md.slice(md.indexOf("## 3. python3"))).toContain("One kill");
  });

  it("log text cannot inject HTML or break the table", () => {
    const events = goLeak().map((e) => ({ ...e, kills: e.kills.map((k) => ({ ...k, comm: k.comm === "python3" ? "<script>|x" : k.comm, line: k.comm === "python3" ? "```\n<script>" : k.line })) }));
    const out = renderReportMarkdown(buildReport(events));
    // Raw "<script>" may appear only inside a fenced code block, where Markdown shows it as text.
    const outsideFences = out.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, "");
    expect(out).toContain("<script>");
    expect(outsideFences).not.toContain("<script>");
    const row = out.split("\n").find((l) => l.startsWith("| 3 |"))!;
    expect(row).toContain("&lt;script&gt;\\|x");
    expect(row.split(" | ")).toHaveLength(12);
    expect(out).toContain("````text\n```\n<script>\n````");
  });
});

describe("readGroup", () => {
  it("go-leak leaky: usage pinned at the limit, anon-rss at the limit → leak", () => {
    expect(readGroup(report.groups[0]).verdict).toBe("leak");
    expect(readGroup(report.groups[2]).verdict).toBe("single");
  });

  it("cadvisor's two docker kills: same program, anon-rss 18624 vs 248180 kB → spikes", () => {
    const r = buildReport(cadvisorDockerKills());
    const g = r.groups[0];
    expect(g).toMatchObject({ count: 2, cgroupPattern: "/docker/*" });
    expect(g.container).toEqual({
      runtime: "docker",
      ids: ["2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50", "6c6fcab8562fd3150854986b78552c732f234fd405b624207b8843528a145e70"],
      podUids: [],
    });
    expect(readGroup(g).verdict).toBe("spikes");
  });
});
