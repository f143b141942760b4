import { describe, expect, it } from "vitest";
import { buildReport, reportSlimmer } from "../../src/correlate/build-report.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";

// `report` keeps each event cut down to what a report reads (reportSlimmer): on every real log in the repository
// (this VM's captures in every dmesg/journal/syslog shape, the go-leak run, the rotated RHEL/Ubuntu archive, the
// corpus reports), the report made from the cut events is the report made from the whole ones.
const samples = new URL("../../samples/", import.meta.url).pathname;
const fixtures = new URL("../fixtures/oom/", import.meta.url).pathname;

describe("reportSlimmer", () => {
  it("gives the same report as the whole events, on every sample and corpus log", async () => {
    const doc = await parseLogs([samples, fixtures]);
    expect(doc.events.length).toBeGreaterThan(200);
    const whole = buildReport(doc.events);
    expect(whole.totals.kills).toBeGreaterThan(50); // 84 distinct kills in 245 copies today
    // Byte for byte as printed: one slimmer for all, as `report` uses it (one copy of each distinct text).
    expect(JSON.stringify(buildReport(doc.events.map(reportSlimmer())))).toBe(JSON.stringify(whole));
  });

  it("keeps no memcg stats, Mem-Info, task rows or gfp flags", async () => {
    const doc = await parseLogs([`${samples}go-leak/dmesg-iso.txt`]);
    const leaky = doc.events.find((e) => e.kills[0]?.comm === "leaky")!;
    expect(leaky.memcg?.stats).not.toBeNull(); // the whole event has them (go-leak dmesg-iso.txt, cgroup v1 stats)
    const slim = reportSlimmer()(leaky);
    expect([slim.memcg?.stats, slim.memInfo, slim.tasks, slim.trigger?.gfpFlags, slim.kernelVersion]).toEqual([null, null, [], null, null]);
    expect(slim.kills[0]).toMatchObject({ pid: leaky.kills[0].pid, comm: "leaky", line: leaky.kills[0].line });
  });
});
