import { describe, expect, it } from "vitest";
import { createAssembler } from "../../src/assemble/assembler.js";
import { readFileSync } from "node:fs";
import { recordsFromText } from "../oom/helpers.js";

// The real memcg report of this VM's kernel (samples/this-machine/dmesg.txt lines 347-425), as a live
// `journalctl -kf` would deliver it: then nothing more for a while.
const lines = readFileSync(new URL("../../samples/this-machine/dmesg.txt", import.meta.url), "utf8").split("\n").slice(346, 425).join("\n");

describe("a live stream that goes quiet after a kill", () => {
  it("holds the event for a late oom_reaper line, and gives it up when the input is idle", () => {
    const a = createAssembler();
    const pushed = recordsFromText(lines).flatMap((r) => a.push(r));
    // The kill line ends the report, but the event waits for a reaper line that may follow.
    expect(pushed).toEqual([]);
    const flushed = a.flushIdle();
    expect(flushed.map((e) => e.kills.map((k) => k.pid))).toEqual([[7395]]);
    expect(flushed[0].complete).toBe(true);
    expect(a.end()).toEqual([]);
  });

  it("keeps a report still before its kill line open", () => {
    const a = createAssembler();
    const head = lines.split("\n").slice(0, 20).join("\n");
    for (const r of recordsFromText(head)) a.push(r);
    expect(a.flushIdle()).toEqual([]);
    expect(a.isCollecting()).toBe(true);
  });
});
