import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anchorsFor } from "../../src/scan/anchors.js";
import { ALL_TRIGGERS } from "../../src/scan/scan-input.js";
import { scanLogs } from "../../src/pipeline/parse-logs.js";
import { acquirePrefilter, dropKeptPrefilters, releasePrefilter } from "../../src/scan/prefilter-pool.js";
import { BytePrefilter, CR } from "../../src/scan/simd-prefilter.js";
import { fastCheckSeed } from "../fc-seed.js";

const SEED = fastCheckSeed("scan/simd-prefilter");

// Real logs: the development VM's ring buffer (three memcg kills) and a RHEL7 report from OOMAnalyser.
const dmesg = readFileSync(new URL("../../samples/this-machine/dmesg.txt", import.meta.url));
const rhel7 = readFileSync(new URL("../fixtures/oom/OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_rhel7.log", import.meta.url));

function scanWith(bytes: Buffer, forceJs: boolean, lineEnd?: number, needles = ALL_TRIGGERS) {
  const f = new BytePrefilter(needles, bytes.length + 64, { forceJs });
  if (lineEnd !== undefined) f.setLineEnd(lineEnd);
  bytes.copy(f.region);
  const r = f.scan(bytes.length);
  const candidates = Array.from({ length: r.candidates }, (_, i) => [f.candidateStart(i), f.candidateLine(i)]);
  return { ...r, candidates };
}

describe("anchorsFor", () => {
  it("covers every trigger string with an anchor it contains", () => {
    const anchors = anchorsFor(ALL_TRIGGERS).map((a) => a.text);
    for (const t of ALL_TRIGGERS) expect(anchors.some((a) => t.includes(a)), t).toBe(true);
  });

  it("gives a needle no preferred anchor fits an anchor of its own", () => {
    expect(anchorsFor(["zebra crossing"]).map((a) => a.text)).toEqual(["zeb"]);
  });
});

describe("BytePrefilter", () => {
  it("counts newlines and lists every line holding a trigger (real dmesg)", () => {
    const r = scanWith(dmesg, false);
    const lines = dmesg.toString("latin1").split("\n");
    expect(r.newlines).toBe(lines.length - 1);
    expect(r.lastNewline).toBe(dmesg.lastIndexOf(0x0a));
    const lineIndexes = new Set(r.candidates.map(([, l]) => l));
    lines.forEach((l, i) => {
      if (ALL_TRIGGERS.some((t) => l.includes(t))) expect(lineIndexes.has(i), l).toBe(true);
    });
    // Each candidate is the start of its line.
    for (const [start, line] of r.candidates) expect(lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0)).toBe(start);
  });

  it("WebAssembly SIMD and the JavaScript loop agree on real text cut anywhere", () => {
    const text = Buffer.concat([dmesg, rhel7]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), fc.integer({ min: 0, max: 5000 }), (at, len) => {
        const piece = text.subarray(at, at + len);
        expect(scanWith(piece, false)).toEqual(scanWith(piece, true));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("WebAssembly SIMD and the JavaScript loop agree on arbitrary bytes full of anchor pieces", () => {
    const alphabet = ["\n", "oom", "Kil", "kil", "Mem", "adl", "x v", "due", "SIG", "Linux version", "due to swap", "sending SIG", "x", " ", "o", "K", "m", "\r", "\u00ef", "\u00cf"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 200 }), (parts) => {
        const bytes = Buffer.from(parts.join(""), "latin1");
        expect(scanWith(bytes, false)).toEqual(scanWith(bytes, true));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("finds an anchor whatever its place across the kernel's 16- and 32-byte blocks, also a short needle's at a line end", () => {
    // The kernel tests where anchors end and carries the previous block's first masks: an anchor that starts in
    // one block and ends in the next must still list its line. A real kill line, pushed 0..47 bytes along.
    const kill = dmesg.toString("latin1").split("\n").find((l) => l.includes("Killed process"))!;
    for (let shift = 0; shift < 48; shift++) {
      const bytes = Buffer.from(`${"x".repeat(shift)}\n${kill}\nplain line\n`, "latin1");
      const simdRun = scanWith(bytes, false);
      expect(simdRun, `shift ${shift}`).toEqual(scanWith(bytes, true));
      expect(simdRun.candidates, `shift ${shift}`).toEqual([[shift + 1, 1]]);
    }
    // A needle shorter than an anchor matches any byte after it, the line end included.
    for (let shift = 0; shift < 40; shift++) {
      const bytes = Buffer.from(`${"y".repeat(shift)}ab\nzz\n`, "latin1");
      expect(scanWith(bytes, false, undefined, ["ab"]), `shift ${shift}`).toEqual(scanWith(bytes, true, undefined, ["ab"]));
      expect(scanWith(bytes, false, undefined, ["ab"]).candidates, `shift ${shift}`).toEqual([[0, 0]]);
    }
  });

  it("with more anchors than lookup buckets (shared buckets), still lists every line holding a needle, SIMD as JavaScript", () => {
    // Twelve needles taken from the RHEL7 report's lines, none holding a preferred anchor: twelve anchors, eight buckets.
    const needles = ["Node 0 DMA", "Mem-Info", "active_anon", "slab_reclaimable", "free_cma", "lowmem_reserve", "Free swap", "Total swap", "pages RAM", "pages reserved", "Call Trace", "Hardware name"];
    expect(anchorsFor(needles).length).toBeGreaterThan(8);
    const text = Buffer.concat([dmesg, rhel7]);
    const simdRun = scanWith(text, false, undefined, needles);
    expect(simdRun).toEqual(scanWith(text, true, undefined, needles));
    const lines = text.toString("latin1").split("\n");
    const listed = new Set(simdRun.candidates.map(([, l]) => l));
    let holding = 0;
    lines.forEach((l, i) => {
      if (!needles.some((n) => l.includes(n))) return;
      holding++;
      expect(listed.has(i), l).toBe(true);
    });
    expect(holding).toBeGreaterThan(20);
  });

  it("with CR as the line end, finds in a CR-only copy exactly what LF finds in the original (SIMD and JavaScript)", () => {
    const cr = Buffer.from(dmesg.toString("latin1").replaceAll("\n", "\r"), "latin1");
    const lf = scanWith(dmesg, false);
    expect(lf.candidates.length).toBeGreaterThanOrEqual(6); // three headers, three kills at least
    expect(scanWith(cr, false, CR)).toEqual(lf);
    expect(scanWith(cr, true, CR)).toEqual(lf);
    // …and LF mode on the CR copy sees no line end at all.
    expect(scanWith(cr, false).newlines).toBe(0);
  });
});

describe("prefilter pool", () => {
  it("hands a released prefilter to the next input, reset to LF, and it scans correctly", () => {
    const a = acquirePrefilter(ALL_TRIGGERS, 1 << 16);
    a.setLineEnd(CR);
    a.region.fill(0x0d); // stale bytes from the previous input must not matter
    releasePrefilter(a);
    const b = acquirePrefilter(ALL_TRIGGERS, 1 << 16);
    expect(b).toBe(a);
    const piece = dmesg.subarray(0, 60000);
    piece.copy(b.region);
    const r = b.scan(piece.length);
    expect(r.newlines).toBe(piece.toString("latin1").split("\n").length - 1);
    expect(r.lastNewline).toBe(piece.lastIndexOf(0x0a));
    // Taken while b is out: a different one, never shared between two scans.
    const c = acquirePrefilter(ALL_TRIGGERS, 1 << 16);
    expect(c).not.toBe(b);
    releasePrefilter(b);
    releasePrefilter(c);
  });

  it("keeps none once a scan of logs has ended: their memory goes to what follows (a report's groups)", async () => {
    const a = acquirePrefilter(ALL_TRIGGERS, 1 << 16);
    releasePrefilter(a);
    dropKeptPrefilters();
    expect(acquirePrefilter(ALL_TRIGGERS, 1 << 16)).not.toBe(a);
    // The scanner's own, kept between the inputs of one scan: gone after it, so the next scan makes a new one (each
    // acquired prefilter is set to LF first).
    const setLineEnd = BytePrefilter.prototype.setLineEnd;
    const scanners: BytePrefilter[] = [];
    BytePrefilter.prototype.setLineEnd = function (this: BytePrefilter, byte: number) {
      scanners.push(this);
      setLineEnd.call(this, byte);
    };
    const log = new URL("../../samples/this-machine/dmesg.txt", import.meta.url).pathname;
    try {
      for (let i = 0; i < 2; i++) await scanLogs([log], { jobs: 1 }, { event: () => undefined, warning: () => undefined });
    } finally {
      BytePrefilter.prototype.setLineEnd = setLineEnd;
    }
    expect(scanners.length).toBeGreaterThanOrEqual(2);
    expect(scanners[scanners.length - 1]).not.toBe(scanners[0]);
  });
});
