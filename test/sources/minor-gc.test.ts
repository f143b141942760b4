import { constants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { EVERY_BYTES, noteDeadSoon } from "../../src/sources/minor-gc.js";

/** The kinds of the collections V8 reports while `run` runs (and just after: entries come asynchronously). */
async function collections(run: () => void): Promise<number[]> {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) kinds.push(e.detail?.kind ?? -1);
  });
  observer.observe({ entryTypes: ["gc"] });
  run();
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return kinds;
}

describe("young collections for inflated buffers", () => {
  it("collects V8's young generation once EVERY_BYTES of soon-dead buffers were noted, and not before", async () => {
    // Noted in 128 KiB steps, as the gzip path notes each inflated chunk.
    const steps = EVERY_BYTES / (128 << 10);
    const before = await collections(() => {
      for (let i = 0; i < steps - 1; i++) noteDeadSoon(128 << 10);
    });
    expect(before.filter((k) => k === constants.NODE_PERFORMANCE_GC_MINOR)).toEqual([]);
    const at = await collections(() => noteDeadSoon(128 << 10));
    expect(at).toContain(constants.NODE_PERFORMANCE_GC_MINOR);
  });
});
