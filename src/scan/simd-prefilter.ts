/**
 * One pass over a block of bytes that (a) counts newlines and (b) lists the lines that may hold a trigger
 * string, 16 bytes at a time with WebAssembly SIMD (in Node since v16.4; no native addon, no dependency).
 *
 * Why: a gigabyte of syslog has ~10 million lines and a few kilobytes of OOM reports. One Buffer.indexOf per
 * line and one per trigger string is ~30 passes over the bytes; this kernel does a single pass at memory speed
 * and leaves JavaScript only the candidate lines (see anchors.ts) and the lines the caller asks for.
 *
 * The module is generated here, byte by byte, from the anchor list (it is ~300 bytes). Equivalent WAT:
 *
 *   (func (export "scan") (param $p i32) (param $end i32) (param $out i32) (result i32)
 *     $last := $p - 1                                   ;; last newline seen (absolute address)
 *     loop while $p < $end:
 *       $vK := v128.load offset=K ($p)                   ;; for each probe offset K (0 included)
 *       $nl := i8x16.bitmask(i8x16.eq($v0, splat 10))    ;; newlines of this block
 *       $hits := i8x16.bitmask(OR over anchors of AND over probes of i8x16.eq($vK, splat byte))
 *       for each bit b of $hits:                         ;; rare
 *         $below := $nl & ((1 << b) - 1)
 *         $ls := $below ? $p + 32 - clz($below) : $last + 1  ;; start of the line holding the anchor
 *         if $ls != $emitted: out[n] := ($ls, $count + popcnt($below)); n++; $emitted := $ls
 *       if $nl: $count += popcnt($nl); $last := $p + 31 - clz($nl)
 *       $p += 16
 *     mem[0] := $count; mem[4] := $last; return n
 *
 * The caller zero-fills PAD bytes after `end`: zero is neither a newline nor an anchor byte, so the last
 * partial block needs no special case.
 *
 * "Newline" is the line-end byte the module is built for: LF (10) normally, CR (13) for a log with old-Mac
 * line ends (line-scanner.ts decides per input). It is a constant of the module, so the LF path pays nothing.
 */
import { anchorsFor, type Anchor } from "./anchors.js";

const HEADER = 16;

// --- a tiny WebAssembly encoder (only what the kernel uses) ---
const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d,
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Store: 0x36, i32Const: 0x41,
  i32GeU: 0x4f, i32Ne: 0x47, i32Clz: 0x67, i32Ctz: 0x68, i32Popcnt: 0x69,
  i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Shl: 0x74, empty: 0x40,
} as const;
const simd = { load: 0x00, const: 0x0c, i8x16Eq: 0x23, and: 0x4e, or: 0x50, bitmask: 0x64 } as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const str = (s: string) => [...uleb(s.length), ...Buffer.from(s, "latin1")];

export const LF = 0x0a;
export const CR = 0x0d;

/** Builds the scan module for these anchors and this line-end byte (memory imported as env.mem). */
export function buildScanModule(anchors: Anchor[], lineEnd = LF): Uint8Array<ArrayBuffer> {
  const offsets = [...new Set([0, ...anchors.flatMap((a) => a.probes.map(([o]) => o))])].sort((a, b) => a - b);
  // Locals: params p=0 end=1 out=2; i32 count=3 last=4 emitted=5 n=6 nl=7 hits=8 bit=9 below=10 ls=11; v128 from 12.
  const [p, end, out, count, last, emitted, n, nl, hits, bit, below, ls] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const vOf = (offset: number) => 12 + offsets.indexOf(offset);
  const get = (i: number) => [op.localGet, i];
  const set = (i: number) => [op.localSet, i];
  const c = (v: number) => [op.i32Const, ...sleb(v)];
  const splat = (byte: number) => [0xfd, simd.const, ...new Array(16).fill(byte)];
  const eq = (offset: number, byte: number) => [...get(vOf(offset)), ...splat(byte), 0xfd, simd.i8x16Eq];

  const anchorTest: number[] = [];
  anchors.forEach((a, ai) => {
    a.probes.forEach(([o, b], pi) => {
      anchorTest.push(...eq(o, b));
      if (pi > 0) anchorTest.push(0xfd, simd.and);
    });
    if (ai > 0) anchorTest.push(0xfd, simd.or);
  });
  const slot = [...get(out), ...get(n), ...c(3), op.i32Shl, op.i32Add];

  const body = [
    ...get(p), ...c(1), op.i32Sub, ...set(last),
    ...c(-1), ...set(emitted),
    op.block, op.empty,
    op.loop, op.empty,
    ...get(p), ...get(end), op.i32GeU, op.brIf, 1,
    ...offsets.flatMap((o) => [...get(p), 0xfd, simd.load, 0, ...uleb(o), ...set(vOf(o))]),
    ...eq(0, lineEnd), 0xfd, simd.bitmask, ...set(nl),
    ...(anchors.length > 0
      ? [
          ...anchorTest, 0xfd, simd.bitmask, op.localTee, hits,
          op.if, op.empty,
          op.loop, op.empty,
          ...get(hits), op.i32Ctz, ...set(bit),
          ...get(nl), ...c(1), ...get(bit), op.i32Shl, ...c(1), op.i32Sub, op.i32And, ...set(below),
          ...get(below),
          op.if, I32,
          ...get(p), ...c(32), ...get(below), op.i32Clz, op.i32Sub, op.i32Add,
          op.else,
          ...get(last), ...c(1), op.i32Add,
          op.end,
          op.localTee, ls, ...get(emitted), op.i32Ne,
          op.if, op.empty,
          ...slot, ...get(ls), op.i32Store, 2, 0,
          ...slot, ...get(count), ...get(below), op.i32Popcnt, op.i32Add, op.i32Store, 2, 4,
          ...get(n), ...c(1), op.i32Add, ...set(n),
          ...get(ls), ...set(emitted),
          op.end,
          ...get(hits), ...get(hits), ...c(1), op.i32Sub, op.i32And, op.localTee, hits,
          op.brIf, 0,
          op.end,
          op.end,
        ]
      : []),
    ...get(nl),
    op.if, op.empty,
    ...get(count), ...get(nl), op.i32Popcnt, op.i32Add, ...set(count),
    ...get(p), ...c(31), ...get(nl), op.i32Clz, op.i32Sub, op.i32Add, ...set(last),
    op.end,
    ...get(p), ...c(16), op.i32Add, ...set(p),
    op.br, 0,
    op.end,
    op.end,
    ...c(0), ...get(count), op.i32Store, 2, 0,
    ...c(0), ...get(last), op.i32Store, 2, 4,
    ...get(n),
    op.end,
  ];
  const locals = vec([[...uleb(9), I32], [...uleb(offsets.length), V128]]);
  const code = [...locals, ...body];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])]])),
    ...section(2, vec([[...str("env"), ...str("mem"), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...str("scan"), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** Result of one scan: candidate lines are read with candidateStart/candidateLine (0 ≤ i < candidates). */
export interface ScanResult {
  candidates: number;
  /** Newlines in the scanned bytes. */
  newlines: number;
  /** Offset (in the region) of the last newline, -1 when none. */
  lastNewline: number;
}

const modules = new Map<string, WebAssembly.Module | null>();

function compiled(anchors: Anchor[], lineEnd: number): WebAssembly.Module | null {
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
  private readonly header: Int32Array;
  private readonly out: Int32Array;
  private readonly outOffset: number;
  private readonly memory: WebAssembly.Memory;
  private readonly forceJs: boolean;
  private readonly kernels = new Map<number, Kernel | null>();
  private kernel: Kernel | null;
  private lineEnd = LF;

  /**
   * `maxScanBytes` bounds one scan (default: the whole region); the candidate list is sized for it. A caller that
   * scans two halves of the region in turn (line-scanner.ts, reading straight into the memory) passes the half.
   */
  constructor(needles: string[], capacity: number, forceJs = false, maxScanBytes = capacity) {
    this.anchors = anchorsFor(needles);
    this.capacity = capacity;
    const maxProbe = Math.max(0, ...this.anchors.flatMap((a) => a.probes.map(([o]) => o)));
    this.pad = (maxProbe + 32 + 15) & ~15;
    this.outOffset = (HEADER + capacity + this.pad + 15) & ~15;
    // One candidate per line at most: (start, line) pairs, 8 bytes, for at most capacity + 1 lines.
    const bytes = this.outOffset + 8 * (maxScanBytes + 2);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    this.region = Buffer.from(this.memory.buffer, HEADER, capacity + this.pad);
    this.header = new Int32Array(this.memory.buffer, 0, 2);
    this.out = new Int32Array(this.memory.buffer, this.outOffset, 2 * (maxScanBytes + 2));
    this.forceJs = forceJs;
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
      const module = this.forceJs ? null : compiled(this.anchors, lineEnd);
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
    if (this.kernel) {
      const candidates = this.kernel(HEADER + from, HEADER + from + len, this.outOffset);
      return { candidates, newlines: this.header[0], lastNewline: this.header[1] - HEADER };
    }
    return this.scanJs(from, len);
  }

  candidateStart(i: number): number {
    return this.out[2 * i] - (this.kernel ? HEADER : 0);
  }

  candidateLine(i: number): number {
    return this.out[2 * i + 1];
  }

  /** The same work, byte by byte: where WebAssembly SIMD is missing, and as the reference in tests. */
  private scanJs(from: number, len: number): ScanResult {
    const r = this.region;
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
      for (const a of this.anchors) {
        if (a.probes.every(([o, b]) => r[i + o] === b)) {
          this.out[2 * n] = ls;
          this.out[2 * n + 1] = newlines;
          n++;
          emitted = ls;
          break;
        }
      }
    }
    return { candidates: n, newlines, lastNewline };
  }
}
