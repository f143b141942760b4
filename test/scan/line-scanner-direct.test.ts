import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineScanner } from "../../src/scan/line-scanner.js";

// Real ring buffer of the development VM (samples/README.md): three memcg OOM kills among boot messages.
const dmesg = readFileSync(new URL("../../samples/this-machine/dmesg.txt", import.meta.url));
const NEEDLES = ["invoked oom-killer", "Killed process"];
const READ_BYTES = 4096;

type Seen = Array<[number, string, boolean]>;
interface Run { seen: Seen; lines: number; longLines: Array<[number, number]> }

/** The wantAll of scanInput in small: the first 5 lines and the 2 lines after each hit. */
function scanner(seen: Seen, longLines: Array<[number, number]>, forceJs: boolean, maxLineBytes?: number, direct?: number) {
  let lastHit = -100;
  return new LineScanner({
    needles: NEEDLES,
    forceJs,
    maxLineBytes,
    directReadBytes: direct,
    wantAll: (n) => n <= 5 || n - lastHit <= 2,
    onLine: (t, n, hit) => { if (hit) lastHit = n; seen.push([n, t, hit]); },
    onLongLine: (n, bytes) => longLines.push([n, bytes]),
  });
}

/** The reference: the input pushed as chunks of `sizes` bytes (cycled), or as one chunk. */
function pushed(data: Buffer, forceJs: boolean, maxLineBytes?: number, sizes: number[] = [data.length]): Run {
  const seen: Seen = [];
  const longLines: Array<[number, number]> = [];
  const s = scanner(seen, longLines, forceJs, maxLineBytes);
  for (let at = 0, k = 0; at < data.length; k++) {
    const n = sizes[k % sizes.length];
    s.push(data.subarray(at, at + n));
    at += n;
  }
  s.end();
  s.release();
  return { seen, lines: s.lines, longLines };
}

/**
 * Reads `data` into the scanner's two areas in turn, `sizes` bytes at a time (cycled), the way readPlainInto does:
 * the next read has already landed when a slot is scanned, and a slot's area is overwritten with garbage as soon as
 * it has been scanned (what the scanner keeps of it must have been moved out).
 */
function direct(data: Buffer, sizes: number[], forceJs: boolean, maxLineBytes?: number): Run {
  const seen: Seen = [];
  const longLines: Array<[number, number]> = [];
  const s = scanner(seen, longLines, forceJs, maxLineBytes, READ_BYTES);
  const areas = s.directAreas();
  let at = 0;
  let turn = 0;
  let k = 0;
  const read = (area: Buffer) => {
    const n = Math.min(sizes[k++ % sizes.length], data.length - at);
    data.copy(area, 0, at, at + n);
    at += n;
    return n;
  };
  let current = read(areas[0]);
  while (current > 0) {
    const next = read(areas[turn ^ 1]);
    s.pushDirect(current);
    areas[turn].fill(0x78);
    turn ^= 1;
    current = next;
  }
  s.end();
  s.release();
  return { seen, lines: s.lines, longLines };
}

const readSizes = fc.array(fc.integer({ min: 1, max: READ_BYTES }), { minLength: 1, maxLength: 8 });

describe("LineScanner reading straight into its memory (directReadBytes)", () => {
  it("gives the lines and line count of the pushed input, whatever the read sizes", () => {
    const want = pushed(dmesg, false);
    expect(want.seen.filter(([, t]) => t.includes("Killed process"))).toHaveLength(3); // the VM's three kills
    fc.assert(
      fc.property(readSizes, fc.boolean(), (sizes, forceJs) => {
        expect(direct(dmesg, sizes, forceJs)).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });

  it("does the same on CR-only line ends", () => {
    const cr = Buffer.from(dmesg.toString("latin1").replaceAll("\n", "\r"), "latin1");
    const want = pushed(cr, false);
    expect(want.seen.filter(([, t]) => t.includes("Killed process"))).toHaveLength(3);
    fc.assert(fc.property(readSizes, (sizes) => { expect(direct(cr, sizes, false)).toEqual(want); }), { numRuns: 50 });
  });

  it("cuts over-long lines as the input pushed in the same chunks does, across reads", () => {
    // maxLineBytes of 200: a line longer than that left partial at the end of a read is cut (module lists and
    // call traces of the dmesg can be); the 20 000-byte line spans several reads and is cut whatever the sizes.
    const data = Buffer.concat([dmesg.subarray(0, 3000), Buffer.alloc(20000, 0x61), dmesg.subarray(3000)]);
    fc.assert(
      fc.property(readSizes, (sizes) => {
        const want = pushed(data, false, 200, sizes);
        expect(want.longLines.some(([, bytes]) => bytes > 20000)).toBe(true);
        expect(want.seen.filter(([, t]) => t.includes("Killed process"))).toHaveLength(3);
        expect(direct(data, sizes, false, 200)).toEqual(want);
      }),
      { numRuns: 50 },
    );
  });
});
