import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventDeduper, identityKeys, killFacts, sameKill } from "../../src/correlate/dedupe.js";
import type { OomEvent } from "../../src/events/oom-event.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { fastCheckSeed } from "../fc-seed.js";

// The deduper files copies by their kill line in time buckets (dedupe.ts identityKeys): a copy must still find every
// kept kill it agrees with. Events: the first kill of samples/this-machine/dmesg.txt (kill line 425: pid 7395,
// total-vm 58712 kB, anon-rss 48768 kB), with clocks varied around the bucket edges.
const SAMPLE = new URL("../../samples/this-machine/dmesg.txt", import.meta.url).pathname;
const realKill = async (): Promise<OomEvent> => {
  const doc = await parseLogs([SAMPLE]);
  const e = doc.events.find((x) => x.kills[0]?.pid === 7395)!;
  expect(e.kills[0]).toMatchObject({ totalVmKb: 58712, anonRssKb: 48768 });
  return e;
};

const WALL_0 = Date.parse("2026-11-26T19:00:00Z");
/** A clock near the buckets' edges (600 s of uptime, 1 h of wall time), or none. */
const uptime = fc.option(fc.oneof(fc.integer({ min: 0, max: 4 }).map((k) => k * 600), fc.double({ min: 0, max: 3000, noNaN: true })), { nil: null });
const wall = fc.option(fc.oneof(fc.integer({ min: 0, max: 4 }).map((k) => WALL_0 + k * 3_600_000), fc.integer({ min: WALL_0, max: WALL_0 + 4 * 3_600_000 })), { nil: null });
const host = fc.constantFrom(null, "vm", "other");

const withClocks = (e: OomEvent, h: string | null, u: number | null, w: number | null, path = e.source.path): OomEvent => ({
  ...e,
  source: { ...e.source, path },
  sources: undefined,
  host: h,
  time: { uptime: u, wall: w === null ? null : new Date(w).toISOString() },
});

describe("the deduper's kill-line index", () => {
  it("files a kept kill where every copy that agrees with its kill line looks", async () => {
    const e = await realKill();
    fc.assert(
      fc.property(host, uptime, wall, host, uptime, wall, (h1, u1, w1, h2, u2, w2) => {
        const kept = withClocks(e, h1, u1, w1);
        const copy = withClocks(e, h2, u2, w2);
        const keptFacts = killFacts(kept);
        const copyFacts = killFacts(copy);
        if (!sameKill(keptFacts, copyFacts, true)) return;
        const filed = new Set(identityKeys(kept, keptFacts).file);
        expect(identityKeys(copy, copyFacts).near.some((k) => filed.has(k))).toBe(true);
      }),
      { seed: fastCheckSeed("correlate/dedupe-index"), numRuns: 20_000 },
    );
  });

  it("keeps a kill repeated with the same kill line hours apart as separate kills, joining each copy to its own", async () => {
    const e = await realKill();
    const deduper = new EventDeduper();
    // The same container killed at its limit every two hours for four days: one kill each time.
    for (let i = 0; i < 48; i++) deduper.add(withClocks(e, "vm", 1000 + i * 7200, WALL_0 + i * 7_200_000));
    // A dmesg -T copy of kill 30 (wall only, 40 s off: dmesg -T drifts) and a raw dmesg copy of kill 7 (uptime only).
    deduper.add(withClocks(e, null, null, WALL_0 + 30 * 7_200_000 + 40_000, "dmesg-T.txt"));
    deduper.add(withClocks(e, null, 1000 + 7 * 7200 + 5, null, "dmesg.txt"));
    const kept = deduper.events();
    expect(kept).toHaveLength(48);
    expect(kept.flatMap((k, i) => (k.sources!.length > 1 ? [[i, k.sources!.map((s) => s.path)]] : []))).toEqual([
      [7, [e.source.path, "dmesg.txt"]],
      [30, [e.source.path, "dmesg-T.txt"]],
    ]);
  });
});
