import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { OomEvent } from "../../src/events/oom-event.js";
import { dedupeEvents } from "../../src/correlate/dedupe.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";

// One ring buffer of this VM (33 memcg OOM kills of python3) captured at once in util-linux dmesg's delta-family time
// formats and, to compare with, the default and `-T` ones (samples/this-machine/delta, samples/README.md).
const DIR = fileURLToPath(new URL("../../samples/this-machine/delta/", import.meta.url));
const read = async (name: string) => {
  const doc = await parseLogs([path.join(DIR, name)]);
  return { format: doc.inputs[0].format, kills: doc.events.filter((e) => e.kills.length > 0) };
};
const pids = (events: OomEvent[]) => events.map((e) => e.kills[0].pid);

describe("dmesg's delta-family time formats", () => {
  it("give every kill the default format gives: -d, --time-format delta, -e and -x -e", async () => {
    const reference = await read("dmesg.txt");
    expect(reference.kills).toHaveLength(33);
    expect(reference.kills[0].kills[0]).toMatchObject({ pid: 12325, comm: "python3", totalVmKb: 42268, anonRssKb: 32384 });
    for (const [name, format] of [["dmesg-d.txt", "dmesg-delta"], ["dmesg-delta.txt", "dmesg-delta"], ["dmesg-e.txt", "dmesg-delta"], ["dmesg-x-e.txt", "dmesg-decode"]]) {
      const got = await read(name);
      expect(got.format, name).toBe(format);
      expect(pids(got.kills), name).toEqual(pids(reference.kills));
      expect(got.kills.map((e) => e.complete), name).toEqual(reference.kills.map((e) => e.complete));
      expect(got.kills.map((e) => e.kills[0].reaped), name).toEqual(reference.kills.map((e) => e.kills[0].reaped));
    }
  });

  it("-d keeps the uptime; --time-format delta has no clock", async () => {
    const reference = await read("dmesg.txt");
    expect((await read("dmesg-d.txt")).kills.map((e) => e.time)).toEqual(reference.kills.map((e) => e.time));
    for (const e of (await read("dmesg-delta.txt")).kills) expect(e.time).toEqual({ uptime: null, wall: null });
  });

  it("-e dates each record from its minute stamp and the gaps since: within the minute before -T's second", async () => {
    const ctime = (await read("dmesg-T.txt")).kills.map((e) => Date.parse(e.time.wall!));
    expect(ctime[0]).toBe(Date.parse("2026-11-27T04:22:14Z"));
    const uptime = (await read("dmesg-d.txt")).kills.map((e) => e.time.uptime!);
    for (const name of ["dmesg-e.txt", "dmesg-x-e.txt"]) {
      const rel = (await read(name)).kills.map((e) => Date.parse(e.time.wall!));
      rel.forEach((wall, i) => {
        expect(wall, `${name} kill ${i}`).toBeLessThanOrEqual(ctime[i] + 1000);
        expect(wall, `${name} kill ${i}`).toBeGreaterThan(ctime[i] - 60_000);
      });
      // The first two kills hang off the same minute stamp (`[Nov27 04:22]`, the second 32 s later): the gaps summed
      // between them are the uptimes' difference (to the millisecond an ISO time keeps).
      expect(Math.abs(rel[1] - rel[0] - (uptime[1] - uptime[0]) * 1000), name).toBeLessThan(2);
      expect(rel[1] - rel[0], name).toBeGreaterThan(30_000);
    }
  });

  it("all six captures of a kill are one kill with six sources", async () => {
    const doc = await parseLogs([DIR]);
    const merged = dedupeEvents(doc.events);
    expect(merged).toHaveLength(33);
    for (const e of merged) expect(e.sources).toHaveLength(6);
  });
});
