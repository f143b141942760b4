import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventDeduper, slimForDedupe } from "../../src/correlate/dedupe.js";
import { SpooledCopies } from "../../src/correlate/spooled-copies.js";
import type { OomEvent } from "../../src/events/oom-event.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { fastCheckSeed } from "../fc-seed.js";

// The deduper keeps a key's kills by time once they are many (dedupe.ts Positions): a copy must still find every
// kept kill it agrees with. Events: the first kill of samples/this-machine/dmesg.txt (kill line 425: pid 7395,
// total-vm 58712 kB, anon-rss 48768 kB), with clocks, host and kill numbers varied.
const SAMPLE = new URL("../../samples/this-machine/dmesg.txt", import.meta.url).pathname;
const realKill = async (): Promise<OomEvent> => {
  const doc = await parseLogs([SAMPLE]);
  const e = doc.events.find((x) => x.kills[0]?.pid === 7395)!;
  expect(e.kills[0]).toMatchObject({ totalVmKb: 58712, anonRssKb: 48768 });
  return e;
};

const WALL_0 = Date.parse("2026-11-26T19:00:00Z");
interface Copy { host: string | null; uptime: number | null; wall: number | null; anonRssKb: number; tasks: boolean; path: string }

const withClocks = (e: OomEvent, c: Copy): OomEvent => ({
  ...e,
  source: { ...e.source, path: c.path },
  sources: undefined,
  host: c.host,
  // An unreadable wall time (an --events stream from another tool) reads as NaN.
  time: { uptime: c.uptime, wall: c.wall === null ? null : Number.isNaN(c.wall) ? "yesterday" : new Date(c.wall).toISOString() },
  kills: [{ ...e.kills[0], anonRssKb: c.anonRssKb }],
  tasks: c.tasks ? e.tasks : null,
});

/** Clocks near the slots' edges (600 s of uptime, 1 h of wall time), or none, or not finite. */
const copy: fc.Arbitrary<Copy> = fc.record({
  host: fc.constantFrom(null, "vm", "other"),
  uptime: fc.option(fc.oneof(fc.integer({ min: 0, max: 6 }).map((k) => k * 300), fc.double({ min: 0, max: 2000, noNaN: true }), fc.constant(Infinity)), { nil: null }),
  wall: fc.option(fc.oneof(fc.integer({ min: 0, max: 6 }).map((k) => WALL_0 + k * 1_800_000), fc.integer({ min: WALL_0, max: WALL_0 + 3 * 3_600_000 }), fc.constant(NaN)), { nil: null }),
  anonRssKb: fc.constantFrom(48768, 48772),
  tasks: fc.boolean(),
  path: fc.constantFrom("kern.log", "syslog", "dmesg.txt", "messages"),
});

describe("the deduper's index kept by time", () => {
  it("merges every sequence of copies as comparing each copy with every kill of its key does", async () => {
    const e = await realKill();
    fc.assert(
      fc.property(fc.array(copy, { minLength: 1, maxLength: 60 }), (copies) => {
        const byTime = new EventDeduper({ longList: 2 });
        const everyKill = new EventDeduper({ longList: Infinity });
        // Every key hashed alike: the index then files all kills together and must still tell the keys apart.
        const oneHash = new EventDeduper({ longList: 2, bucketOf: () => 0 });
        for (const c of copies) {
          byTime.add(withClocks(e, c));
          everyKill.add(withClocks(e, c));
          oneHash.add(withClocks(e, c));
        }
        expect(byTime.events()).toEqual(everyKill.events());
        expect(oneHash.events()).toEqual(everyKill.events());
      }),
      { seed: fastCheckSeed("correlate/dedupe-index"), numRuns: 3_000 },
    );
  });

  it("finds a kill under a merged copy's key after a richer copy moved its uptime to another slot", async () => {
    const e = await realKill();
    const c = (uptime: number, anonRssKb: number, tasks: boolean, path: string): Copy => ({ host: "vm", uptime, wall: null, anonRssKb, tasks, path });
    const copies = [
      c(0, 48772, false, "a"), c(5000, 48772, false, "b"), // two kills of kill line B: its kills are kept by time
      c(1190, 48768, false, "c"), // kill line A …
      c(1190, 48772, false, "d"), // … joined by a B copy at the same uptime: the kill is under B too, at 1190 s
      c(1250, 48768, true, "e"), // a richer copy (with tasks) moves the kill to 1250 s, the next ten-minute slot
      c(1820, 48772, false, "f"), // a B copy 570 s later, two slots from 1190 s: it belongs to that kill
    ];
    for (const longList of [2, Infinity]) {
      const deduper = new EventDeduper({ longList });
      for (const x of copies) deduper.add(withClocks(e, x));
      expect(deduper.events().map((k) => k.sources!.map((s) => s.path))).toEqual([["a"], ["b"], ["e", "c", "d", "f"]]);
    }
  });

  it("keeps a kill repeated with the same kill line hours apart as separate kills, joining each copy to its own", async () => {
    const e = await realKill();
    const deduper = new EventDeduper();
    // The same container killed at its limit every two hours for four days: one kill each time.
    const at = (i: number, path: string): Copy => ({ host: "vm", uptime: 1000 + i * 7200, wall: WALL_0 + i * 7_200_000, anonRssKb: 48768, tasks: true, path });
    for (let i = 0; i < 48; i++) deduper.add(withClocks(e, at(i, "kern.log")));
    // A dmesg -T copy of kill 30 (wall only, 40 s off: dmesg -T drifts) and a raw dmesg copy of kill 7 (uptime only).
    deduper.add(withClocks(e, { ...at(30, "dmesg-T.txt"), host: null, uptime: null, wall: WALL_0 + 30 * 7_200_000 + 40_000 }));
    deduper.add(withClocks(e, { ...at(7, "dmesg.txt"), host: null, uptime: 1000 + 7 * 7200 + 5, wall: null }));
    const kept = deduper.events();
    expect(kept).toHaveLength(48);
    expect(kept.flatMap((k, i) => (k.sources!.length > 1 ? [[i, k.sources!.map((s) => s.path)]] : []))).toEqual([
      [7, ["kern.log", "dmesg.txt"]],
      [30, ["kern.log", "dmesg-T.txt"]],
    ]);
  });

  it("dedupes every sample and corpus log alike when all keys share one hash", async () => {
    // Every real log in the repository, read twice over (samples/ holds copies of one kill in several shapes).
    const samples = new URL("../../samples/", import.meta.url).pathname;
    const fixtures = new URL("../fixtures/oom/", import.meta.url).pathname;
    const doc = await parseLogs([samples, fixtures, samples]);
    const dedupe = (bucketOf?: (keyHash: number) => number) => {
      const d = new EventDeduper({ bucketOf });
      for (const ev of doc.events) d.add(ev);
      return d.events();
    };
    const real = dedupe();
    expect(real.length).toBeLessThan(doc.events.length / 2);
    expect(dedupe(() => 7)).toEqual(real);
  });

  it("dedupes every sample and corpus log alike when the kept copies are on disk, merged ones leaving memory at once", async () => {
    const samples = new URL("../../samples/", import.meta.url).pathname;
    const fixtures = new URL("../fixtures/oom/", import.meta.url).pathname;
    // Read three times over, so that kills are merged again after their copy went to disk.
    const doc = await parseLogs([samples, fixtures, samples, fixtures, samples]);
    const inMemory = new EventDeduper({ slim: slimForDedupe });
    for (const recent of [1, 2]) {
      const store = new SpooledCopies(recent);
      try {
        const onDisk = new EventDeduper({ slim: slimForDedupe, store });
        for (const ev of doc.events) {
          onDisk.add(ev);
          if (recent === 1) inMemory.add(ev);
        }
        expect(onDisk.size).toBe(inMemory.size);
        // JSON keeps what the deduper compares and gives back; a frozen shared empty list reads as a fresh one.
        for (let i = 0; i < onDisk.size; i++) {
          expect(onDisk.kept(i)).toEqual(JSON.parse(JSON.stringify(inMemory.kept(i))));
          expect(onDisk.merged(i)).toBe(inMemory.merged(i));
        }
        expect(inMemory.events().filter((e) => e.sources!.length >= 3).length).toBeGreaterThan(10);
      } finally {
        store.close();
      }
    }
  });

  it("lists a merged copy's own source when it carries an empty sources list (an --events stream may)", async () => {
    const e = await realKill();
    const deduper = new EventDeduper();
    deduper.add({ ...e, source: { ...e.source, path: "kern.log" }, sources: undefined });
    deduper.add({ ...e, source: { ...e.source, path: "syslog" }, sources: [] });
    expect(deduper.events().map((k) => k.sources!.map((s) => s.path))).toEqual([["kern.log", "syslog"]]);
  });
});
