import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { numberPrintedBy } from "./node-child.js";

// In a child process (V8 flags are per process), with the compiled module (`npm test` builds first): allocate at the rate of a scan, most objects dying young and a
// few surviving a while, and report the largest nursery seen.
const script = (cap: boolean) => `
  ${cap ? `(await import(${JSON.stringify(fileURLToPath(new URL("../../dist/src/cli/young-generation.js", import.meta.url)))})).capYoungGeneration();` : ""}
  const v8 = await import("node:v8");
  let max = 0; const keep = [];
  for (let round = 0; round < 400; round++) {
    for (let i = 0; i < 20000; i++) { const o = { a: "x" + i, b: [i, i + 1] }; if (i % 50 === 0) keep.push(o); }
    if (keep.length > 20000) keep.splice(0, 10000);
    await new Promise((r) => setImmediate(r));
    max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size);
  }
  console.log(max);
`;

const largestNursery = (cap: boolean): number => numberPrintedBy(script(cap));

describe("young generation cap", () => {
  it("keeps V8's nursery at 8 MiB where it would grow past it", () => {
    expect(largestNursery(false)).toBeGreaterThan(8 << 20);
    expect(largestNursery(true)).toBeLessThanOrEqual(8 << 20);
  });
});
