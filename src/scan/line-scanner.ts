/**
 * Splits decoded chunks into lines and decides, on bytes, which lines are worth decoding.
 *
 * Most of a syslog is not about OOM: a line is decoded only when it contains one of the trigger
 * strings, or when the caller says it wants every line (a report is being collected, the first lines
 * for format detection). Each needle is searched with Buffer.indexOf over the whole chunk and its next
 * position cached, so a chunk costs one native search per needle plus one per line end.
 */
export interface LineScannerOptions {
  needles: string[];
  /** Asked before each line that holds no trigger: decode it anyway? */
  wantAll: (lineNo: number) => boolean;
  onLine: (text: string, lineNo: number, hit: boolean) => void;
  /** A line longer than this is cut (memory stays bounded on a gigabyte line with no newline). */
  maxLineBytes?: number;
  onLongLine?: (lineNo: number, bytes: number) => void;
}

const NL = 0x0a;
const CR = 0x0d;

export class LineScanner {
  private readonly needles: Buffer[];
  private readonly maxLineBytes: number;
  private carry: Buffer | null = null;
  /** Bytes of the current over-long line dropped so far (0 when not in one). */
  private dropping = 0;
  private lineNo = 0;

  constructor(private readonly opts: LineScannerOptions) {
    this.needles = opts.needles.map((n) => Buffer.from(n, "latin1"));
    this.maxLineBytes = opts.maxLineBytes ?? 1 << 20;
  }

  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    let data = chunk;
    let start = 0;
    if (this.dropping > 0) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        this.dropping += chunk.length;
        return;
      }
      this.dropping += nl;
      this.finishLongLine();
      start = nl + 1;
    } else if (this.carry) {
      data = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const next = this.needles.map((n) => data.indexOf(n, start));
    for (;;) {
      const nl = data.indexOf(NL, start);
      if (nl < 0) break;
      this.emit(data, start, nl, next);
      start = nl + 1;
    }
    if (start < data.length) this.keepPartial(data, start);
  }

  end(): void {
    if (this.dropping > 0) {
      this.finishLongLine();
    } else if (this.carry && this.carry.length > 0) {
      const data = this.carry;
      this.carry = null;
      this.emit(data, 0, data.length, this.needles.map((n) => data.indexOf(n)));
    }
  }

  private emit(data: Buffer, start: number, end: number, next: number[]): void {
    this.lineNo++;
    let hit = false;
    for (let i = 0; i < next.length; i++) {
      if (next[i] >= 0 && next[i] < start) next[i] = data.indexOf(this.needles[i], start);
      if (next[i] >= 0 && next[i] + this.needles[i].length <= end) hit = true;
    }
    if (!hit && !this.opts.wantAll(this.lineNo)) return;
    const stop = end > start && data[end - 1] === CR ? end - 1 : end;
    this.opts.onLine(data.toString("utf8", start, stop), this.lineNo, hit);
  }

  private keepPartial(data: Buffer, start: number): void {
    const rest = data.length - start;
    if (rest <= this.maxLineBytes) {
      // Copy: the chunk's memory must not stay pinned by a small slice.
      this.carry = Buffer.from(data.subarray(start));
      return;
    }
    // An over-long line: keep its head (that is where a prefix and a message start), drop the rest.
    this.carry = Buffer.from(data.subarray(start, start + this.maxLineBytes));
    this.dropping = rest - this.maxLineBytes;
  }

  private finishLongLine(): void {
    const head = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    const total = head.length + this.dropping;
    this.dropping = 0;
    this.emit(head, 0, head.length, this.needles.map((n) => head.indexOf(n)));
    this.opts.onLongLine?.(this.lineNo, total);
  }
}
