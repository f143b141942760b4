import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli, SAMPLES } from "../cli/run-cli.js";

const fixture = (p: string) => new URL(`../fixtures/oom/${p}`, import.meta.url);
// RHEL6 syslog of host new-db1 (LukeShirnia/out-of-memory): 20 `invoked oom-killer` reports.
const rhel6 = readFileSync(fixture("out-of-memory/tests__assets__logs__messages"), "utf8");
// RHEL8 syslog of host hnsin-varnish: one global OOM.
const rhel8 = readFileSync(fixture("out-of-memory/tests__assets__logs__messages.1"), "utf8");
const goLeakIso = path.join(SAMPLES, "go-leak/dmesg-iso.txt");

type Report = {
  totals: { events: number; kills: number; hosts: number; groups: number };
  groups: Array<{
    fingerprint: string; comm: string; count: number; hosts: string[]; eventIds: string[];
    intervalSeconds: { min: number; median: number; max: number } | null;
    kills: Array<{ eventId: string; pid: number; uptime: number | null }>;
    heapSnapshots?: Array<{ path: string; killEventId: string; top: Array<{ function: string; flatPct: number; cumPct: number }>; growth?: { top: Array<{ function: string; deltaBytes: number }> } | null }>;
  }>;
};

function report(args: string[]): Report {
  const r = runCli(["report", "--json", ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function killsIn(text: string): number {
  return text.split("\n").filter((l) => /Killed process \d+/.test(l)).length;
}

describe("oomsleuth report over archives", () => {
  it("counts each kill once in a directory of rotated plain and gzip'd files of several hosts, whichever files carry it", () => {
    const root = mkdtempSync(path.join(tmpdir(), "oomsleuth-archive-"));
    mkdirSync(path.join(root, "new-db1"));
    mkdirSync(path.join(root, "hnsin-varnish"));
    const lines = rhel6.split("\n");
    const cut = Math.floor(lines.length / 2);
    // Rotation: the older half gzip'd, the newer half plain; and the same lines again in `syslog`.
    writeFileSync(path.join(root, "new-db1/messages.1.gz"), gzipSync(lines.slice(0, cut).join("\n") + "\n"));
    writeFileSync(path.join(root, "new-db1/messages"), lines.slice(cut).join("\n"));
    writeFileSync(path.join(root, "new-db1/syslog"), rhel6);
    writeFileSync(path.join(root, "hnsin-varnish/messages"), rhel8);
    writeFileSync(path.join(root, "hnsin-varnish/kern.log"), gzipSync(rhel8));

    const whole = report([root]);
    const oneByOne = report([path.join(root, "new-db1/syslog")]).totals.kills + report([path.join(root, "hnsin-varnish/messages")]).totals.kills;
    expect(oneByOne).toBe(killsIn(rhel6) + killsIn(rhel8));
    expect(whole.totals.kills).toBe(oneByOne);
    expect(whole.totals.hosts).toBe(2);
    expect(whole.groups.reduce((n, g) => n + g.count, 0)).toBe(whole.totals.kills);
  });

  it("gives the same fingerprints in two runs, and group counts that sum to the kills", () => {
    const a = report([goLeakIso]);
    const b = report([goLeakIso]);
    expect(b.groups.map((g) => g.fingerprint)).toEqual(a.groups.map((g) => g.fingerprint));
    expect(a.groups.reduce((n, g) => n + g.count, 0)).toBe(a.totals.kills);
  });

  it("puts every leaky kill of the Go leak's ring buffer in one group, with its intervals", () => {
    const text = readFileSync(goLeakIso, "utf8");
    const leakyKills = [...text.matchAll(/Killed process (\d+) \(leaky\)/g)].map((m) => Number(m[1]));
    const r = report([goLeakIso]);
    const leaky = r.groups.filter((g) => g.comm === "leaky");
    expect(leaky).toHaveLength(1);
    expect(leaky[0].count).toBe(leakyKills.length);
    expect(leaky[0].kills.map((k) => k.pid)).toEqual(leakyKills);
    // The four kills of the recorded run (corpus README): 12932, 13308, 13683, 14060, about 15.5 s apart.
    expect(leakyKills.slice(-4)).toEqual([12932, 13308, 13683, 14060]);
    expect(leaky[0].intervalSeconds!.min).toBeGreaterThan(10);
  });
});

describe("oomsleuth report --heap on the real Go leak", () => {
  it("links each of the run's 4 kills to the last snapshot of its own cycle, with bytes.Repeat on top and its growth", () => {
    const r = report([goLeakIso, "--heap", path.join(SAMPLES, "go-leak/heap")]);
    const leaky = r.groups.find((g) => g.comm === "leaky")!;
    const byPid = new Map(leaky.kills.map((k) => [k.eventId, k.pid]));
    const linked = leaky.heapSnapshots!.map((s) => [byPid.get(s.killEventId), path.basename(s.path)]);
    expect(linked).toEqual([
      [12932, "heap.1.6.pprof"],
      [13308, "heap.2.6.pprof"],
      [13683, "heap.3.6.pprof"],
      [14060, "heap.4.6.pprof"],
    ]);
    for (const s of leaky.heapSnapshots!) {
      expect(s.top[0].function).toBe("bytes.Repeat");
      expect(s.top.some((t) => t.function === "main.(*RequestTracker).Track" && t.cumPct > 95)).toBe(true);
      expect(s.growth!.top[0]).toMatchObject({ function: "bytes.Repeat" });
      expect(s.growth!.top[0].deltaBytes).toBeGreaterThan(40 << 20);
    }
    // The other kills of that ring buffer had no snapshot kept.
    expect(r.groups.filter((g) => g.comm !== "leaky").every((g) => (g.heapSnapshots ?? []).length === 0)).toBe(true);
  });

  it("finds the snapshots lying in an input directory without --heap, and says nothing about them as logs", () => {
    const r = report([path.join(SAMPLES, "go-leak")]);
    const leaky = r.groups.find((g) => g.comm === "leaky")!;
    expect(leaky.heapSnapshots!.map((s) => path.basename(s.path))).toEqual(["heap.1.6.pprof", "heap.2.6.pprof", "heap.3.6.pprof", "heap.4.6.pprof"]);
  });
});
