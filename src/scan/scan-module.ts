/**
 * One pass over a block of bytes that (a) counts newlines and (b) lists the lines that may hold a trigger
 * string, 16 bytes at a time with WebAssembly SIMD (in Node since v16.4; no native addon, no dependency).
 *
 * Why: a gigabyte of syslog has ~10 million lines and a few kilobytes of OOM reports. One Buffer.indexOf per
 * line and one per trigger string is ~30 passes over the bytes; this kernel does a single pass at memory speed
 * and leaves JavaScript only the candidate lines (see anchors.ts) and the lines the caller asks for.
 *
 * The anchor test is a nibble lookup (the "Teddy" technique of Hyperscan and ripgrep): for each byte of a 16-byte
 * block, two i8x16.swizzle lookups (low and high nibble) give, per k, the buckets whose anchor has that byte at +k.
 * An anchor ends at position i when mask 2 holds its bucket at i, mask 1 at i - 1 and mask 0 at i - 2: masks 0 and 1
 * are moved two and one positions along with an i8x16.shuffle that takes the previous block's last positions in
 * first (x64: one palignr), so each block is loaded once and split into nibbles once. It costs the same whatever the
 * number of anchors (up to 8), where comparing each anchor's bytes cost ~40 operations per block.
 *
 * The module is generated here, byte by byte, from the anchors' tables (~800 bytes). Equivalent WAT, for UNROLL = 2
 * (32 bytes a turn; masks of the 32 positions joined in one i32, bit 16u + i for byte i of load u):
 *
 *   (func (export "scan") (param $p i32) (param $end i32) (param $out i32) (result i32)
 *     $last := $p - 1                                   ;; last newline seen (absolute address)
 *     LOW_K, HIGH_K, splat 15, splat 10 := locals        ;; set once: the compiler keeps them in registers
 *     $prevK := 0                                        ;; K = 0, 1: the previous block's masks (a scan starts a line)
 *     loop while $p < $end:
 *       $vU := v128.load offset=16U ($p)                 ;; U = 0, 1
 *       $nl := bitmask(i8x16.eq($vU, splat 10)), joined  ;; newlines of this turn
 *       $tUK := swizzle(LOW_K, $vU & 15) & swizzle(HIGH_K, ($vU i16x8.shr_u 4) & 15)
 *       $mU := $tU2 & concat($before1, $tU1)[15..30] & concat($before0, $tU0)[14..29]
 *                                                        ;; $before: $t(U-1)K, or $prevK for U = 0
 *       $prevK := $t1K
 *       if v128.any_true($m0 | $m1):                     ;; rare
 *         $hits := bitmask(i8x16.ne($mU, 0)), joined     ;; where anchors end
 *         for each bit b of $hits:
 *           $below := $nl & ((1 << b) - 1)               ;; an anchor holds no newline: same line as its start
 *           $ls := $below ? $p + 32 - clz($below) : $last + 1  ;; start of the line holding the anchor
 *           if $ls != $emitted: out[n] := ($ls, $count + popcnt($below)); n++; $emitted := $ls
 *       $count += popcnt($nl)
 *       $last := $nl ? $p + 31 - clz($nl) : $last        ;; a select, not a branch: newlines fall anywhere
 *       $p += 32
 *     mem[$out - 8] := $count; mem[$out - 4] := $last; return n
 *
 * The caller zero-fills SCAN_OVERRUN bytes after `end`: zero is neither a newline nor an anchor byte, so the
 * last partial turn needs no special case.
 *
 * "Newline" is the line-end byte the module is built for: LF (10) normally, CR (13) for a log with old-Mac
 * line ends (line-scanner.ts decides per input). It is a constant of the module, so the LF path pays nothing.
 */
import { ANCHOR_BYTES, nibbleTables, type Anchor } from "./anchors.js";
import { LF } from "./line-end.js";

// --- a tiny WebAssembly encoder (only what the kernel uses) ---
const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Store: 0x36, i32Const: 0x41,
  i32GeU: 0x4f, i32Ne: 0x47, i32Clz: 0x67, i32Ctz: 0x68, i32Popcnt: 0x69,
  i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Or: 0x72, i32Shl: 0x74, empty: 0x40,
} as const;
const simd = { load: 0x00, shuffle: 0x0d, const: 0x0c, swizzle: 0x0e, i8x16Eq: 0x23, i8x16Ne: 0x24, and: 0x4e, or: 0x50, anyTrue: 0x53, bitmask: 0x64, i16x8ShrU: 0x8d } as const;

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

/**
 * Bytes per loop turn, in loads of 16: two halve the per-turn work (loop test, newline count, last newline)
 * and test both halves' anchors with one branch. Measured on the bench syslog (256 MiB in 4 MiB scans, Zen 5):
 * one load per turn 73 ms, two 61 ms. At most two: a turn's newline and anchor masks are joined in one i32.
 * Testing where anchors end, one load per block instead of three (each block's three shifted loads were split
 * into nibbles apiece): 1 GiB 203 -> 166 ms (EPYC, `BytePrefilter.scan` alone over 4 MiB pieces).
 */
export const UNROLL = 2;
/** Bytes a scan may read past its end (the caller zero-fills them): the last turn's loads. */
export const SCAN_OVERRUN = 16 * UNROLL + ANCHOR_BYTES;

/** Builds the scan module for these anchors and this line-end byte (memory imported as env.mem). */
export function buildScanModule(anchors: Anchor[], lineEnd = LF): Uint8Array<ArrayBuffer> {
  const tables = nibbleTables(anchors);
  const K = ANCHOR_BYTES;
  // Locals: params p=0 end=1 out=2; i32 count=3 last=4 emitted=5 n=6 nl=7 hits=8 bit=9 below=10 ls=11;
  // v128: per load its bytes, low and high nibbles and K bucket masks; the previous block's first K - 1 masks; one
  // anchor mask per load; the tables, the nibble mask and the newline splat.
  const [p, end, out, count, last, emitted, n, nl, hits, bit, below, ls] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const perLoad = 3 + K;
  const vOf = (u: number) => 12 + u * perLoad;
  const loOf = (u: number) => vOf(u) + 1;
  const hiOf = (u: number) => vOf(u) + 2;
  const tOf = (u: number, k: number) => vOf(u) + 3 + k;
  const prevOf = (k: number) => 12 + UNROLL * perLoad + k;
  const mOf = (u: number) => prevOf(K - 1) + u;
  // The tables, the nibble mask and the newline splat live in locals set before the loop, so the compiler keeps
  // them in registers instead of materialising sixteen-byte constants in every iteration.
  const lowOf = (k: number) => mOf(UNROLL) + 2 * k;
  const highOf = (k: number) => mOf(UNROLL) + 2 * k + 1;
  const nibble = mOf(UNROLL) + 2 * K;
  const eol = nibble + 1;
  const v128Locals = eol + 1 - 12;
  const get = (i: number) => [op.localGet, i];
  const set = (i: number) => [op.localSet, i];
  const c = (v: number) => [op.i32Const, ...sleb(v)];
  const v128 = (bytes: ArrayLike<number>) => [0xfd, simd.const, ...Array.from(bytes)];
  const splat = (byte: number) => v128(new Array(16).fill(byte));
  const s = (code: number) => [0xfd, ...uleb(code)];
  const each = (f: (u: number) => number[]) => Array.from({ length: UNROLL }, (_, u) => f(u)).flat();
  const eachK = (f: (k: number) => number[]) => Array.from({ length: K }, (_, k) => f(k)).flat();
  // The buckets whose anchor has, at +k, the byte of each of the 16 positions of load u.
  const look = (u: number, k: number) => [
    ...get(lowOf(k)), ...get(loOf(u)), ...s(simd.swizzle), ...get(highOf(k)), ...get(hiOf(u)), ...s(simd.swizzle), ...s(simd.and), ...set(tOf(u, k)),
  ];
  // Mask k of load u moved `by` positions later, the previous block's last positions coming in first: an anchor
  // ending at position i had its byte k at i - (K - 1 - k), possibly in the previous block.
  const later = (u: number, k: number, by: number) => [
    ...get(u > 0 ? tOf(u - 1, k) : prevOf(k)), ...get(tOf(u, k)),
    0xfd, simd.shuffle, ...Array.from({ length: 16 }, (_, i) => 16 - by + i),
  ];
  // Masks of the UNROLL × 16 positions as one i32: bit 16u + i for position i of load u.
  const joinMasks = (mask: (u: number) => number[]) => each((u) => [...mask(u), ...(u > 0 ? [...c(16 * u), op.i32Shl, op.i32Or] : [])]);
  const slot = [...get(out), ...get(n), ...c(3), op.i32Shl, op.i32Add];

  const body = [
    ...get(p), ...c(1), op.i32Sub, ...set(last),
    ...c(-1), ...set(emitted),
    ...tables.flatMap((t, k) => [...v128(t.low), ...set(lowOf(k)), ...v128(t.high), ...set(highOf(k))]),
    ...splat(0x0f), ...set(nibble),
    ...splat(lineEnd), ...set(eol),
    op.block, op.empty,
    op.loop, op.empty,
    ...get(p), ...get(end), op.i32GeU, op.brIf, 1,
    ...each((u) => [...get(p), ...s(simd.load), 0, ...uleb(16 * u), ...set(vOf(u))]),
    ...joinMasks((u) => [...get(vOf(u)), ...get(eol), ...s(simd.i8x16Eq), ...s(simd.bitmask)]), ...set(nl),
    ...(anchors.length > 0
      ? [
          ...each((u) => [
            ...get(vOf(u)), ...get(nibble), ...s(simd.and), ...set(loOf(u)),
            ...get(vOf(u)), ...c(4), ...s(simd.i16x8ShrU), ...get(nibble), ...s(simd.and), ...set(hiOf(u)),
            ...eachK((k) => look(u, k)),
          ]),
          // The positions where an anchor ends: mask K-1 here, AND the earlier masks moved into place.
          ...each((u) => [...get(tOf(u, K - 1)), ...Array.from({ length: K - 1 }, (_, k) => [...later(u, k, K - 1 - k), ...s(simd.and)]).flat(), ...set(mOf(u))]),
          ...Array.from({ length: K - 1 }, (_, k) => [...get(tOf(UNROLL - 1, k)), ...set(prevOf(k))]).flat(),
          ...each((u) => [...get(mOf(u)), ...(u > 0 ? s(simd.or) : [])]), ...s(simd.anyTrue),
          op.if, op.empty,
          ...joinMasks((u) => [...get(mOf(u)), ...splat(0), ...s(simd.i8x16Ne), ...s(simd.bitmask)]), ...set(hits),
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
    ...get(count), ...get(nl), op.i32Popcnt, op.i32Add, ...set(count),
    ...get(p), ...c(31), ...get(nl), op.i32Clz, op.i32Sub, op.i32Add, ...get(last), ...get(nl), op.select, ...set(last),
    ...get(p), ...c(16 * UNROLL), op.i32Add, ...set(p),
    op.br, 0,
    op.end,
    op.end,
    ...get(out), ...c(8), op.i32Sub, ...get(count), op.i32Store, 2, 0,
    ...get(out), ...c(8), op.i32Sub, ...get(last), op.i32Store, 2, 4,
    ...get(n),
    op.end,
  ];
  const locals = vec([[...uleb(9), I32], [...uleb(v128Locals), V128]]);
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

