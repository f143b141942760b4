import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dedupeEvents } from "../../src/correlate/dedupe.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";

// The first kill of the VM's ring buffer (samples/this-machine): header at line 347, task table 421-423, kill line 425,
// in rsyslog's kern.log (with host and wall time) and in raw dmesg (neither).
const lines = (f: string) => readFileSync(new URL(`../../samples/this-machine/${f}`, import.meta.url), "utf8").split("\n");

describe("dedupe of a copy cut before its kill line", () => {
  it("keeps the kill from the other copy even when the cut copy looks richer (host, wall, tasks)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-cut-"));
    // kern.log rotated away right before the kill line; dmesg lost its task table (rate-limited lines).
    writeFileSync(path.join(dir, "a-kern.log"), lines("rsyslog/kern.log").slice(346, 424).join("\n") + "\n");
    const dmesg = lines("dmesg.txt");
    writeFileSync(path.join(dir, "b-dmesg.txt"), [...dmesg.slice(346, 420), dmesg[424]].join("\n") + "\n");
    const doc = await parseLogs([path.join(dir, "a-kern.log"), path.join(dir, "b-dmesg.txt")]);
    expect(doc.events.map((e) => e.kills.length)).toEqual([0, 1]);
    const merged = dedupeEvents(doc.events);
    expect(merged).toHaveLength(1);
    expect(merged[0].kills.map((k) => k.pid)).toEqual([7395]);
    expect(merged[0].host).toBe("vm");
    expect(merged[0].sources).toHaveLength(2);
  });
});
