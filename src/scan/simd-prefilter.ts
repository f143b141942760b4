/**
 * The byte prefilter: a region of memory the caller fills, and one call that counts its newlines and lists the
 * lines that may hold a trigger string, run by the WebAssembly SIMD kernel of scan-module.ts (or the same work in
 * JavaScript where WebAssembly SIMD is missing, and as the reference in tests).
 */
import { ANCHOR_BYTES, anchorsFor, nibbleTables, type Anchor } from "./anchors.js";
import { CR, LF } from "./line-end.js";
import { buildScanModule, SCAN_OVERRUN } from "./scan-module.js";

export { CR, LF };

/** Region offset 0 in the memory: nothing is stored below it. */
const HEADER = 16;

/** Result of one scan: candidate lines are read with candidateStart/candidateLine (0 ≤ i < candidates). */
export interface ScanResult {
  candidates: number;
  /** Newlines in the scanned bytes. */
  newlines: number;
  /** Offset (in the region) of the last newline, -1 when none. */
  lastNewline: number;
}

const modules = new Map<string, WebAssembly.Module | null>();

function compiledScanModule(anchors: Anchor[], lineEnd: number): WebAssembly.Module | null {
  const key = `${lineEnd}\u0000${anchors.map((a) => a.text).join("\u0000")}`;
  if (!modules.has(key)) {
    try {
      modules.set(key, new WebAssembly.Module(buildScanModule(anchors, lineEnd)));
    } catch {
      modules.set(key, null); // no WebAssembly SIMD here: the JavaScript loop below does the same work
    }
  }
  return modules.get(key) ?? null;
}

type Kernel = (p: number, end: number, out: number) => number;

export interface PrefilterOptions {
  /** Use the JavaScript loop instead of WebAssembly SIMD (tests compare both). */
  forceJs?: boolean;
  /**
   * Bounds one scan (default: the whole region); the candidate list is sized for it. A caller that scans two
   * halves of the region in turn (line-scanner.ts, reading straight into the memory) passes the half.
   */
  maxScanBytes?: number;
}

/**
 * A region of memory the caller fills with bytes (`region`, up to `capacity`), then `scan(len)`: newline count
 * and candidate lines (start offset and 0-based line index within the region, in order, one per line).
 * The line-end byte is LF until `setLineEnd(CR)`; one WebAssembly instance per byte, over the same memory.
 */
export class BytePrefilter {
  readonly anchors: Anchor[];
  readonly capacity: number;
  readonly region: Buffer;
  /** Bytes after a scanned range that `scan` zero-fills: a second range in the region must start past them. */
  readonly pad: number;
  private readonly tables: Array<{ low: Uint8Array; high: Uint8Array }>;
  private readonly memory: WebAssembly.Memory;
  /** Where the kernel writes [newlines, last newline] at out - 8, then (start, line) pairs. */
  private readonly outAt: number;
  private readonly out: Int32Array;
  private readonly forceJs: boolean;
  private readonly kernels = new Map<number, Kernel | null>();
  private kernel: Kernel | null;
  private lineEnd = LF;

  constructor(needles: string[], capacity: number, opts: PrefilterOptions = {}) {
    const maxScanBytes = opts.maxScanBytes ?? capacity;
    this.anchors = anchorsFor(needles);
    this.capacity = capacity;
    this.tables = nibbleTables(this.anchors);
    this.forceJs = opts.forceJs ?? false;
    // The kernel's last turn may start just before `end` and read SCAN_OVERRUN bytes past it.
    this.pad = align16(SCAN_OVERRUN) + 16;
    // One candidate per line at most, and a candidate line holds at least one byte besides its line end.
    const pairs = Math.ceil(maxScanBytes / 2) + 2;
    this.outAt = align16(HEADER + capacity + this.pad) + 16;
    const pages = Math.ceil((this.outAt + 8 * pairs) / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages });
    this.region = Buffer.from(this.memory.buffer, HEADER, capacity + this.pad);
    this.out = new Int32Array(this.memory.buffer, this.outAt - 8, 2 + 2 * pairs);
    this.kernel = this.kernelFor(LF);
  }

  /** The byte that ends a line from now on: LF (the default) or CR. */
  setLineEnd(byte: number): void {
    if (byte === this.lineEnd) return;
    this.lineEnd = byte;
    this.kernel = this.kernelFor(byte);
  }

  private kernelFor(lineEnd: number): Kernel | null {
    if (!this.kernels.has(lineEnd)) {
      const module = this.forceJs ? null : compiledScanModule(this.anchors, lineEnd);
      this.kernels.set(lineEnd, module ? (new WebAssembly.Instance(module, { env: { mem: this.memory } }).exports.scan as Kernel) : null);
    }
    return this.kernels.get(lineEnd) ?? null;
  }

  scan(len: number): ScanResult {
    return this.scanAt(0, len);
  }

  /**
   * Scans region[from, from + len): offsets in the result (candidateStart, lastNewline) are region offsets, line
   * indexes count from `from`; lastNewline is from - 1 when the range holds none. Zero-fills the pad after it.
   */
  scanAt(from: number, len: number): ScanResult {
    this.region.fill(0, from + len, from + len + this.pad);
    if (!this.kernel) return this.scanJs(from, len);
    const candidates = this.kernel(HEADER + from, HEADER + from + len, this.outAt);
    return { candidates, newlines: this.out[0], lastNewline: this.out[1] - HEADER };
  }

  candidateStart(i: number): number {
    return this.out[2 + 2 * i] - (this.kernel ? HEADER : 0);
  }

  candidateLine(i: number): number {
    return this.out[3 + 2 * i];
  }

  /** The same work, byte by byte, with the kernel's tables: where WebAssembly SIMD is missing, and in tests. */
  private scanJs(from: number, len: number): ScanResult {
    const r = this.region;
    const out = this.out;
    const eol = this.lineEnd;
    let newlines = 0;
    let lastNewline = from - 1;
    let n = 0;
    let emitted = -1;
    for (let i = from; i < from + len; i++) {
      if (r[i] === eol) {
        newlines++;
        lastNewline = i;
        continue;
      }
      const ls = lastNewline + 1;
      if (ls === emitted) continue;
      let buckets = this.anchors.length > 0 ? 0xff : 0;
      for (let k = 0; k < ANCHOR_BYTES && buckets !== 0; k++) {
        const byte = r[i + k];
        buckets &= this.tables[k].low[byte & 15] & this.tables[k].high[byte >> 4];
      }
      if (buckets !== 0) {
        out[2 + 2 * n] = ls;
        out[3 + 2 * n] = newlines;
        n++;
        emitted = ls;
      }
    }
    return { candidates: n, newlines, lastNewline };
  }
}

function align16(n: number): number {
  return (n + 15) & ~15;
}
