/** attachHeapSnapshots on a group holding the leaky kills of corpus/go-leak (manifest.json kill lines). */
import { expect, test } from "vitest";
import type { Group, Report } from "../../src/correlate/report-types.js";
import { keptArray } from "../../src/correlate/build-report.js";
import { attachHeapSnapshots } from "../../src/heap/attach-to-report.js";
import type { Warning } from "../../src/warning.js";
import { GO_LEAK, HEAP_DIR, manifest } from "./fixtures.js";

test("a leaky group gets the last snapshot before each of its 4 kills, and cycle 4's growth", async () => {
  const run = manifest();
  const leaky = [...run.others, ...run.ours].filter((k) => k.comm === "leaky");
  const kills = leaky.map((k) => ({
    eventId: `${k.pid}@${k.uptime}`,
    host: "fc-vm",
    wall: new Date((run.bootWall + k.uptime) * 1000).toISOString(),
    uptime: k.uptime,
    pid: k.pid,
    anonRssKb: null,
    usageKb: null,
    limitKb: null,
  }));
  // Only the fields the linker reads; the rest of a Group does not matter here.
  const group = { fingerprint: "f", comm: "leaky", kills } as unknown as Group;
  const report = { groups: [group] } as unknown as Report;
  const warnings: Warning[] = [];
  await attachHeapSnapshots(report, keptArray([]), [GO_LEAK], (w) => warnings.push(w));
  expect(warnings).toEqual([]);
  expect(group.heapSnapshots!.map((s) => s.path)).toEqual([1, 2, 3, 4].map((c) => `${HEAP_DIR}heap.${c}.6.pprof`));
  expect(group.heapSnapshots!.map((s) => s.killEventId)).toEqual(run.ours.map((k) => `${k.pid}@${k.uptime}`));
  expect(group.heapSnapshots![0].inuseBytes).toBeGreaterThan(0);
  expect(group.heapSnapshots![0].top[0].function).toBe("bytes.Repeat");
  expect(group.heapGrowth!.from).toBe(`${HEAP_DIR}heap.4.1.pprof`);
  expect(group.heapGrowth!.to).toBe(`${HEAP_DIR}heap.4.6.pprof`);
  expect(group.heapGrowth!.top[0].function).toBe("bytes.Repeat");
});
