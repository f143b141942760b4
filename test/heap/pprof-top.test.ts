/**
 * Our `-top` against `go tool pprof -top` (Go 1.19.8) on the same files: every reference in
 * fixtures/heap/go-leak/pprof/ (copied from corpus/go-leak/pprof/).
 */
import { describe, expect, test } from "vitest";
import { goFixed, goG, pprofPercentage } from "../../src/heap/go-format.js";
import { diffProfiles } from "../../src/heap/pprof-diff.js";
import { pprofTop, resolveSampleIndex, SampleIndexError } from "../../src/heap/pprof-top.js";
import { renderTopText } from "../../src/heap/top-text.js";
import { loadProfile, parseTopText, reference } from "./fixtures.js";

function ourText(lines: string[]): string {
  return lines.join("\n") + "\n";
}

describe("go tool pprof -top, per sample type, last snapshot of each cycle", () => {
  for (const cycle of [1, 2, 3, 4]) {
    for (const type of ["inuse_space", "alloc_space"]) {
      const refName = `heap.${cycle}.6.${type}.top.txt`;
      test(refName, () => {
        const profile = loadProfile(`heap.${cycle}.6.pprof`);
        const ours = ourText(renderTopText(profile, pprofTop(profile, { sampleIndex: type })));
        const ref = reference(refName);
        const a = parseTopText(ours);
        const b = parseTopText(ref);
        expect(a.header).toEqual(b.header);
        expect(a.rows).toEqual(b.rows);
        // Byte for byte, spacing included.
        expect(ours).toBe(ref);
      });
    }
  }
});

test("default sample type is inuse_space (Go leaves default_sample_type unset: the last type)", () => {
  const profile = loadProfile("heap.1.6.pprof");
  expect(profile.defaultSampleType).toBeNull();
  const report = pprofTop(profile);
  expect(report.sampleType).toBe("inuse_space");
  expect(ourText(renderTopText(profile, report))).toBe(reference("heap.1.6.inuse_space.top.txt"));
});

test("-diff_base heap.1.1: base scaled by -1, percentages of the base total", () => {
  const merged = diffProfiles(loadProfile("heap.1.6.pprof"), loadProfile("heap.1.1.pprof"));
  const ours = ourText(renderTopText(merged, pprofTop(merged)));
  const ref = reference("heap.1.6.diff_base-heap.1.1.inuse_space.top.txt");
  expect(parseTopText(ours).header).toEqual(parseTopText(ref).header);
  expect(parseTopText(ours).rows).toEqual(parseTopText(ref).rows);
  expect(ours).toBe(ref);
  // "Time:" is the base's (earlier) time: the reference says 8:29pm where heap.1.6 alone says 8:30pm.
  expect(ref).toContain("Time: Nov 26, 2026 at 8:29pm (UTC)");
});

test("-top -cum (reference: -top -cum -nodecount=20, 12 nodes so nothing cut)", () => {
  const profile = loadProfile("heap.1.6.pprof");
  const report = pprofTop(profile, { cum: true });
  expect(report.rows.length).toBeLessThanOrEqual(20);
  expect(ourText(renderTopText(profile, report))).toBe(reference("heap.1.6.inuse_space.top20-cum.txt"));
});

test("node dropping: nodes whose |cum| is under the cutoff leave, and take their flat with them", () => {
  const profile = loadProfile("heap.1.6.pprof");
  const all = pprofTop(profile, { sampleIndex: "alloc_space", nodeFraction: 0 });
  const trimmed = pprofTop(profile, { sampleIndex: "alloc_space", nodeFraction: 0.02 });
  const cutoff = Math.trunc(all.rows.reduce((s, r) => s + r.flat, 0) * 0.02);
  const expectedKept = all.rows.filter((r) => Math.abs(r.cum) >= cutoff).map((r) => r.name).sort();
  expect(trimmed.rows.map((r) => r.name).sort()).toEqual(expectedKept);
  expect(trimmed.droppedNodes).toBe(all.rows.length - expectedKept.length);
  const lines = renderTopText(profile, trimmed);
  // 2 % of 93.29MB total (reference header of heap.1.6.alloc_space) = 1.87MB.
  expect(lines).toContain(`Dropped ${trimmed.droppedNodes} nodes (cum <= 1.87MB)`);
  // bytes.Repeat keeps its reference figures (76.24MB flat, 81.73 %).
  expect(lines.find((l) => l.includes("bytes.Repeat"))).toBe("   76.24MB 81.73% 81.73%    76.24MB 81.73%  bytes.Repeat (inline)");
  // compress/flate.(*compressor).init (1.17MB cum in the reference) is dropped.
  expect(trimmed.rows.some((r) => r.name === "compress/flate.(*compressor).init")).toBe(false);
});

test("sample index by name or number; unknown names are an error", () => {
  const profile = loadProfile("heap.2.6.pprof");
  expect(resolveSampleIndex(profile, "alloc_space")).toBe(1);
  expect(resolveSampleIndex(profile, "3")).toBe(3);
  expect(() => resolveSampleIndex(profile, "cpu")).toThrow(SampleIndexError);
  // Counts print bare (no unit), like pprof.
  const objects = renderTopText(profile, pprofTop(profile, { sampleIndex: "inuse_objects" }));
  expect(objects.find((l) => l.startsWith("Type:"))).toBe("Type: inuse_objects");
  expect(objects.some((l) => /MB|kB/.test(l))).toBe(false);
});

test("Go fmt rounding: half to even on exact binary values, unlike Number.toFixed", () => {
  // 1179648 B = 1.125 MiB exactly: Go's %.2f prints 1.12 (strconv rounds exact halves to even).
  expect(goFixed(1179648 / 1048576, 2)).toBe("1.12");
  expect((1179648 / 1048576).toFixed(2)).toBe("1.13");
  // Percent figures seen in heap.3.6.alloc_space.top.txt: 0.5028 % → "  0.5%" (Go %5.2g%%).
  expect(goG(0.5028, 2)).toBe("0.5");
  expect(pprofPercentage(524288, 99.45 * 1048576)).toBe("  0.5%");
  expect(pprofPercentage(0, 1)).toBe("    0%");
  expect(goG(0.00005, 2)).toBe("5e-05");
});
