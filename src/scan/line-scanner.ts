/**
 * Splits decoded chunks into lines and decides, on bytes, which lines are worth decoding.
 *
 * Most of a syslog is not about OOM: a line is decoded only when it contains one of the trigger strings, or
 * when the caller wants every line (a report is being collected, the first lines for format detection).
 * Each chunk is copied once into a BytePrefilter region and scanned in a single SIMD pass that counts newlines
 * and lists candidate lines (simd-prefilter.ts); JavaScript then jumps from candidate to candidate, so a line
 * that the prefilter rules out costs nothing here: no decoding, no per-line call.
 *
 * Contract on `wantAll`: once it answers false for a line, it must stay false for the following lines until
 * `onLine` is called again (the scanner skips straight to the next candidate instead of asking per line).
 * scanInput's predicate (head lines, lines after a hit, an open report, multi-line formats) has this property.
 *
 * Line ends: LF, with the CR of a CRLF stripped. A log with old-Mac line ends (CR alone: some appliances, a log
 * passed through `tr '\n' '\r'`) would otherwise be one line cut at maxLineBytes, its kills lost. The line-end
 * byte is chosen once per input, from the first piece holding either byte: any LF there means LF; CRs and no LF
 * mean CR (then the LF of a CRLF met later is stripped from the start of the next line). Deciding once keeps
 * the LF path exactly as fast as before: the SIMD kernel looks for one constant byte either way.
 */
import { isAscii } from "node:buffer";
import { CR, LF, type BytePrefilter } from "./simd-prefilter.js";
import { acquirePrefilter, releasePrefilter } from "./prefilter-pool.js";

export interface LineScannerOptions {
  needles: string[];
  /** Asked before each line that holds no trigger: decode it anyway? (see the contract above) */
  wantAll: (lineNo: number) => boolean;
  onLine: (text: string, lineNo: number, hit: boolean) => void;
  /** A line longer than this is cut (memory stays bounded on a gigabyte line with no newline). */
  maxLineBytes?: number;
  onLongLine?: (lineNo: number, bytes: number) => void;
  /** Use the JavaScript prefilter instead of WebAssembly SIMD (tests compare both). */
  forceJs?: boolean;
  /**
   * Bytes per read when the caller reads straight into the scan memory (`directArea` / `pushDirect`) instead of
   * handing chunks to `push`. Unset: `push` only.
   */
  directReadBytes?: number;
}

/** Bytes checked for ASCII at a time by `text` (~2.5 µs). */
const ASCII_BLOCK = 1 << 16;
/** Bytes copied and scanned at a time: big enough to amortise the calls, small enough to stay in cache. */
const PIECE_BYTES = 1 << 20;
/** Room left after each direct slot for the zeros `scan` writes past its end (the kernel's pad is ~100 bytes). */
const SLOT_GAP = 4096;

export class LineScanner {
  /**
   * Any needle, as one regular expression tested on the decoded line: a candidate line was searched for each of
   * ~20 needles with Buffer.indexOf (~0.9 µs a line); the expression takes ~40 ns. Needles are ASCII, and UTF-8
   * decoding keeps every ASCII byte as it is, so it finds what the byte search found.
   */
  private readonly needleRe: RegExp;
  private readonly maxLineBytes: number;
  private readonly filter: BytePrefilter;
  /** Bytes of the current partial line, at region[carryAt, carryAt + carry). */
  private carry = 0;
  private carryAt = 0;
  /**
   * Direct reads (`directReadBytes`): the region holds two slots, each a carry zone of maxLineBytes then a read
   * area. The caller reads into one slot while the other is scanned; the partial last line of a scan is moved
   * to just before the next slot's read area (never touched by a read), so the next scan starts with it.
   */
  private readonly slotStride: number;
  private slot = 0;
  /** Bytes of the current over-long line dropped so far (0 when not in one). */
  private dropping = 0;
  private lineNo = 0;
  /** The byte that ends a line in this input, and whether it is settled yet (see the header). */
  private eol = LF;
  private eolKnown = false;
  /** Where the complete lines of the current scan end in the region (0 outside a scan). */
  private linesTo = 0;
  /** The last block of the region checked for ASCII by `text`, region[blockFrom, blockTo), and whether it is. */
  private blockFrom = 0;
  private blockTo = 0;
  private blockAscii = false;

  constructor(private readonly opts: LineScannerOptions) {
    this.needleRe = new RegExp(opts.needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));
    this.maxLineBytes = opts.maxLineBytes ?? 1 << 20;
    const direct = opts.directReadBytes;
    if (direct === undefined) {
      this.slotStride = 0;
      this.filter = acquirePrefilter(opts.needles, this.maxLineBytes + PIECE_BYTES, { forceJs: opts.forceJs });
    } else {
      this.slotStride = this.maxLineBytes + direct + SLOT_GAP;
      this.filter = acquirePrefilter(opts.needles, 2 * this.slotStride, { forceJs: opts.forceJs, maxScanBytes: this.maxLineBytes + direct });
      if (this.filter.pad > SLOT_GAP) throw new Error("scan pad larger than the gap between direct slots");
    }
  }

  /**
   * The two read areas (`directReadBytes` each) of direct mode: the caller reads into them in turn, from the
   * first, and calls `pushDirect(bytesRead)` for each read, in the same order.
   */
  directAreas(): [Buffer, Buffer] {
    const area = (slot: number) => this.filter.region.subarray(this.dataAt(slot), this.dataAt(slot) + this.slotStride - this.maxLineBytes - SLOT_GAP);
    return [area(0), area(1)];
  }

  /** Region offset of a direct slot's read area. */
  private dataAt(slot: number): number {
    return slot * this.slotStride + this.maxLineBytes;
  }

  /** The bytes just read into the next of `directAreas()`: scanned in place, with the partial line left from the last ones. */
  pushDirect(bytes: number): void {
    const at = this.dataAt(this.slot);
    this.slot ^= 1;
    const region = this.filter.region;
    if (!this.eolKnown) this.chooseLineEnd(region.subarray(at, at + bytes));
    let from = at - this.carry; // the carry, if any, ends right at `at` (keepPartial put it there)
    if (this.dropping > 0) {
      const nl = region.subarray(at, at + bytes).indexOf(this.eol);
      if (nl < 0) {
        this.dropping += bytes;
        return;
      }
      this.dropping += nl;
      this.finishLongLine();
      from = at + nl + 1;
    }
    this.process(from, at + bytes);
  }

  /** Gives the scan memory back for the next input in this thread; the scanner must not be used afterwards. */
  release(): void {
    releasePrefilter(this.filter);
  }

  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) this.pushPiece(chunk.subarray(at, at + PIECE_BYTES));
  }

  end(): void {
    if (this.dropping > 0) {
      this.finishLongLine();
    } else if (this.carry > 0) {
      const len = this.carry;
      this.carry = 0;
      this.lastLine(this.carryAt, len);
    }
  }

  private pushPiece(chunk: Buffer): void {
    if (!this.eolKnown) this.chooseLineEnd(chunk);
    let from = 0;
    if (this.dropping > 0) {
      const nl = chunk.indexOf(this.eol);
      if (nl < 0) {
        this.dropping += chunk.length;
        return;
      }
      this.dropping += nl;
      this.finishLongLine();
      from = nl + 1;
    }
    const region = this.filter.region;
    chunk.copy(region, this.carry, from);
    this.process(0, this.carry + chunk.length - from);
  }

  /** Until a piece holds a line end, nothing before it did: the carry holds neither byte, only this piece counts. */
  private chooseLineEnd(chunk: Buffer): void {
    if (chunk.indexOf(LF) >= 0) {
      this.eolKnown = true;
    } else if (chunk.indexOf(CR) >= 0) {
      this.eolKnown = true;
      this.eol = CR;
      this.filter.setLineEnd(CR);
    }
  }

  /** Walks the complete lines of region[from, end): every wanted line in turn, else from candidate to candidate. */
  private process(from: number, end: number): void {
    const f = this.filter;
    const data = f.region;
    const scan = f.scanAt(from, end - from);
    this.linesTo = scan.lastNewline + 1;
    this.blockTo = 0;
    const base = this.lineNo;
    let start = from;
    let idx = 0;
    let k = 0;
    while (start <= scan.lastNewline) {
      while (k < scan.candidates && f.candidateStart(k) < start) k++;
      if (this.opts.wantAll(base + idx + 1)) {
        const nl = data.indexOf(this.eol, start);
        const text = this.text(data, start, nl);
        const hit = k < scan.candidates && f.candidateStart(k) === start && this.needleRe.test(text);
        this.opts.onLine(text, base + idx + 1, hit);
        start = nl + 1;
        idx++;
        continue;
      }
      if (k === scan.candidates || f.candidateStart(k) > scan.lastNewline) {
        // Nothing left but lines the prefilter rules out: count them and stop.
        idx = scan.newlines;
        start = scan.lastNewline + 1;
        break;
      }
      start = f.candidateStart(k);
      idx = f.candidateLine(k);
      const nl = data.indexOf(this.eol, start);
      const text = this.text(data, start, nl);
      if (this.needleRe.test(text)) this.opts.onLine(text, base + idx + 1, true);
      start = nl + 1;
      idx++;
    }
    this.lineNo = base + idx;
    this.linesTo = 0; // keepPartial moves bytes of the region
    this.keepPartial(start, end);
  }

  /**
   * The text of the line at data[start, end): the CR of a CRLF (or the LF after a CR line end) left out. A line in
   * a block of the scan known to be all ASCII is read as Latin-1, which gives the same string for ASCII bytes: where
   * every line is decoded (text made of OOM reports) UTF-8 decoding was ~55 ms per 64 MiB, Latin-1 ~35 ms. The
   * block, from the line to ASCII_BLOCK bytes on, is checked when a line falls outside the last one: a scan of a
   * syslog where only a few lines are decoded checks only those few blocks.
   */
  private text(data: Buffer, start: number, end: number): string {
    if (this.eol === LF) {
      if (end > start && data[end - 1] === CR) end--;
    } else if (start < end && data[start] === LF) {
      start++;
    }
    if (end <= this.linesTo) {
      if (start < this.blockFrom || end > this.blockTo) {
        this.blockFrom = start;
        this.blockTo = Math.min(this.linesTo, Math.max(end, start + ASCII_BLOCK));
        this.blockAscii = isAscii(data.subarray(start, this.blockTo));
      }
      if (this.blockAscii) return latin1(data, start, end);
    }
    return data.toString("utf8", start, end);
  }

  /** A line with no newline after it (end of input, or the head of an over-long line): region[at, at + len). */
  private lastLine(at: number, len: number): void {
    this.lineNo++;
    const text = this.text(this.filter.region, at, at + len);
    const hit = this.needleRe.test(text);
    if (hit || this.opts.wantAll(this.lineNo)) this.opts.onLine(text, this.lineNo, hit);
  }

  /** Moves region[start, end), the partial last line, to where the next scan starts: the region's head, or the end of the next direct slot's carry zone. */
  private keepPartial(start: number, end: number): void {
    const rest = Math.min(end - start, this.maxLineBytes);
    const region = this.filter.region;
    const to = this.slotStride > 0 ? this.dataAt(this.slot) - rest : 0;
    region.copy(region, to, start, start + rest);
    this.carry = rest;
    this.carryAt = to;
    // An over-long line: its head is kept (that is where a prefix and a message start), the rest dropped.
    if (end - start > this.maxLineBytes) this.dropping = end - start - this.maxLineBytes;
  }

  private finishLongLine(): void {
    const head = this.carry;
    const total = head + this.dropping;
    this.carry = 0;
    this.dropping = 0;
    this.lastLine(this.carryAt, head);
    this.opts.onLongLine?.(this.lineNo, total);
  }
}

/** Buffer's Latin-1 slice, as toString("latin1") calls it once its arguments are checked (its checks were a fifth of the time). */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;

function latin1(data: Buffer, start: number, end: number): string {
  return latin1Slice !== undefined ? latin1Slice.call(data, start, end) : data.toString("latin1", start, end);
}
