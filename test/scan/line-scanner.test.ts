import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineScanner } from "../../src/scan/line-scanner.js";
import { fastCheckSeed } from "../fc-seed.js";

// Real ring buffer of the development VM (samples/README.md): three memcg OOM kills among boot messages.
const dmesg = readFileSync(new URL("../../samples/this-machine/dmesg.txt", import.meta.url));
const NEEDLES = ["invoked oom-killer", "Killed process"];

function scan(chunks: Buffer[], wantAll = () => false) {
  const seen: Array<[number, string, boolean]> = [];
  const s = new LineScanner({ needles: NEEDLES, wantAll, onLine: (t, n, hit) => seen.push([n, t, hit]) });
  for (const c of chunks) s.push(c);
  s.end();
  return { seen, lines: s.lines };
}

describe("LineScanner", () => {
  const text = dmesg.toString("utf8");
  const allLines = text.split("\n");
  if (allLines[allLines.length - 1] === "") allLines.pop();
  const expectedHits = allLines.flatMap((l, i) => (NEEDLES.some((n) => l.includes(n)) ? [[i + 1, l, true] as [number, string, boolean]] : []));

  it("passes exactly the lines that hold a trigger, with their line numbers", () => {
    const { seen, lines } = scan([dmesg]);
    expect(lines).toBe(allLines.length);
    // The VM's log has three kills and three headers.
    expect(seen.filter(([, t]) => t.includes("Killed process"))).toHaveLength(3);
    expect(seen).toEqual(expectedHits);
  });

  it("gives the same lines whatever the chunk boundaries", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: dmesg.length }), { maxLength: 30 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const p of points) { chunks.push(dmesg.subarray(at, p)); at = p; }
        chunks.push(dmesg.subarray(at));
        expect(scan(chunks).seen).toEqual(expectedHits);
      }),
      { numRuns: 200 },
    );
  });

  it("decodes every line when asked, and strips CR of CRLF line ends", () => {
    const crlf = Buffer.from(allLines.slice(0, 40).join("\r\n") + "\r\n");
    const { seen } = scan([crlf], () => true);
    expect(seen.map(([, t]) => t)).toEqual(allLines.slice(0, 40));
  });

  it("decodes UTF-8 lines as UTF-8 next to ASCII ones, whatever the chunk boundaries (ASCII scans are read as Latin-1)", () => {
    // A French `dmesg -T` (BOoM's exemple2: `[mer. déc. 17 …]`) between two pieces of the VM's ASCII ring buffer.
    const french = readFileSync(new URL("../fixtures/oom/BOoM/tests__fixtures__exemple2.txt", import.meta.url), "utf8").split("\n").slice(0, 30);
    const lines = [...allLines.slice(0, 300), ...french, ...allLines.slice(300, 600)];
    const bytes = Buffer.from(lines.join("\n") + "\n");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length));
        expect(scan(chunks, () => true).seen.map(([, t]) => t)).toEqual(lines);
      }),
      { numRuns: 100, seed: fastCheckSeed("LineScanner UTF-8 next to ASCII") },
    );
  });

  it("cuts an over-long line, keeps its head and goes on with the next line", () => {
    const long = Buffer.alloc(3 << 20, 0x61);
    const kill = allLines.find((l) => l.includes("Killed process"))!;
    const cuts: number[] = [];
    const seen: string[] = [];
    const s = new LineScanner({ needles: NEEDLES, wantAll: () => true, maxLineBytes: 1 << 20, onLine: (t) => seen.push(t), onLongLine: (n) => cuts.push(n) });
    for (let i = 0; i < long.length; i += 65536) s.push(long.subarray(i, i + 65536));
    s.push(Buffer.from(`\n${kill}\n`));
    s.end();
    expect(cuts).toEqual([1]);
    expect(seen[0].length).toBe(1 << 20);
    expect(seen[1]).toBe(kill);
  });
});

describe("LineScanner on CR-only line ends (old Mac, `tr '\\n' '\\r'`)", () => {
  // The same real dmesg with every LF turned into CR: the same lines, numbers and hits as the LF original.
  const lf = scan([dmesg]);
  const cr = Buffer.from(dmesg.toString("latin1").replaceAll("\n", "\r"), "latin1");

  it("gives the lines of the LF file, whatever the chunk boundaries", () => {
    expect(lf.seen.filter(([, t]) => t.includes("Killed process"))).toHaveLength(3);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: cr.length }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const p of points) { chunks.push(cr.subarray(at, p)); at = p; }
        chunks.push(cr.subarray(at));
        expect(scan(chunks)).toEqual(lf);
      }),
      { numRuns: 100 },
    );
  });

  it("keeps a CRLF met later in a CR file as one line end", () => {
    // First 20 lines CR-only (the mode is chosen there), the rest CRLF: every line as in the original.
    const lines = dmesg.toString("utf8").split("\n").slice(0, 60);
    const mixed = Buffer.from(lines.slice(0, 20).join("\r") + "\r" + lines.slice(20).join("\r\n"));
    const all = scan([mixed.subarray(0, 1000), mixed.subarray(1000)], () => true);
    expect(all.seen.map(([, t]) => t)).toEqual(lines);
  });

  it("stays on LF when the first lines hold an LF, even with CRs inside lines", () => {
    const text = Buffer.from("progress 10%\rprogress 20%\n[    1.0] Killed process 7 (a)\n");
    const r = scan([text], () => true);
    expect(r.seen.map(([, t]) => t)).toEqual(["progress 10%\rprogress 20%", "[    1.0] Killed process 7 (a)"]);
  });
});

describe("LineScanner skipping from candidate to candidate", () => {
  // The same real dmesg, with the scanner asked for the first 5 lines and the 2 lines after each hit only.
  const text = dmesg.toString("utf8");
  const allLines = text.split("\n");
  if (allLines[allLines.length - 1] === "") allLines.pop();

  function run(chunks: Buffer[], forceJs: boolean) {
    const seen: Array<[number, string, boolean]> = [];
    let lastHit = -100;
    const s = new LineScanner({
      needles: NEEDLES,
      forceJs,
      wantAll: (n) => n <= 5 || n - lastHit <= 2,
      onLine: (t, n, hit) => { if (hit) lastHit = n; seen.push([n, t, hit]); },
    });
    for (const c of chunks) s.push(c);
    s.end();
    return { seen, lines: s.lines };
  }

  const expected: Array<[number, string, boolean]> = [];
  let lastHit = -100;
  allLines.forEach((l, i) => {
    const n = i + 1;
    const hit = NEEDLES.some((x) => l.includes(x));
    if (hit || n <= 5 || n - lastHit <= 2) expected.push([n, l, hit]);
    if (hit) lastHit = n;
  });

  it("passes hit lines, head lines and lines after hits, with their numbers, whatever the chunks", () => {
    expect(expected.filter(([, , h]) => h)).toHaveLength(6); // three headers, three `Killed process` lines
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: dmesg.length }), { maxLength: 20 }), fc.boolean(), (cuts, forceJs) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const p of points) { chunks.push(dmesg.subarray(at, p)); at = p; }
        chunks.push(dmesg.subarray(at));
        const r = run(chunks, forceJs);
        expect(r.seen).toEqual(expected);
        expect(r.lines).toBe(allLines.length);
      }),
      { numRuns: 100 },
    );
  });

  it("counts lines across pieces larger than its region (a 3 MiB chunk)", () => {
    const big = Buffer.concat(Array.from({ length: Math.ceil((3 << 20) / dmesg.length) }, () => dmesg));
    const r = run([big], false);
    const copies = big.length / dmesg.length;
    expect(r.lines).toBe(allLines.length * copies);
    expect(r.seen.filter(([, t]) => t.includes("Killed process"))).toHaveLength(3 * copies);
  });
});
