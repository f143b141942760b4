/**
 * Kept events written to a temporary file as text (their JSON, as the caller renders it), read back one at a
 * time when the output is written.
 *
 * Why: `parse --json` prints each kill once (dedupe.ts), so it cannot print an event before the whole input has
 * been read: a later file may carry a richer copy of it, or another source. Held as objects, the events of a log
 * made only of OOM reports took 311 MiB for 64 MiB of text (7,745 reports with their task tables); spooled, the
 * process keeps one small record per event whatever the input's size. Where no temporary file can be made (a
 * read-only /tmp), or once writing to it fails (a full disk, during an incident), the texts stay in memory: still a
 * fraction of the objects' size.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NumberColumn } from "./number-column.js";

/** Events are gathered into writes of this size: one write per event cost a syscall and a buffer each. */
const BATCH_BYTES = 1 << 20;

export class EventSpool {
  private fd: number | null = null;
  private dir: string | null = null;
  /** Bytes in the file, then bytes gathered in `batch` after them. */
  private size = 0;
  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES);
  /** The block last read back by get(): the file's bytes [readAt, readAt + readBytes). */
  private readonly readBuffer = Buffer.allocUnsafe(BATCH_BYTES);
  private readAt = 0;
  private readBytes = 0;
  /** Where the text last given back ended in the file: a read that starts there reads on in blocks. */
  private lastEnd = 0;
  private batched = 0;
  /** Set when a write failed: later events stay in memory, the ones written are still read from the file. */
  private writeFailed = false;
  /** Per position: where its text lies in the file (NaN: it is held in `texts`) and its length in bytes. */
  private readonly offsets = new NumberColumn();
  private readonly lengths = new NumberColumn();
  /** Texts held in memory (no file, or the file refused them), by position. */
  private readonly texts = new Map<number, string>();
  /** Positions put so far (one past the highest). */
  private count = 0;

  /** `file`: spool into this file instead of a new temporary one (tests: /dev/full, a disk that is full). */
  constructor(file?: string) {
    try {
      if (file === undefined) this.dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-"));
      this.fd = openSync(file ?? path.join(this.dir!, "events.json"), "w+", 0o600);
      // A run that ends early (`| head` closing the pipe exits at once) still removes the file.
      process.on("exit", this.close);
    } catch {
      this.close();
    }
  }

  /** The temporary directory holding the file; null when events are held in memory. */
  get directory(): string | null {
    return this.dir;
  }

  /** Stores `text` as the event at `position` (a later put for the same position replaces it). */
  put(position: number, text: string): void {
    this.count = Math.max(this.count, position + 1);
    if (this.fd === null || this.writeFailed) {
      this.hold(position, text);
      return;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.batched + 3 * text.length > BATCH_BYTES) this.flush();
    const offset = this.size + this.batched;
    if (this.writeFailed || 3 * text.length > BATCH_BYTES) {
      const bytes = Buffer.from(text, "utf8");
      if (this.writeFailed || !this.write(bytes, bytes.length, offset)) {
        this.hold(position, text);
        return;
      }
      this.size += bytes.length;
      this.place(position, offset, bytes.length);
      return;
    }
    const bytes = this.batch.write(text, this.batched, "utf8");
    this.batched += bytes;
    this.place(position, offset, bytes);
  }

  private hold(position: number, text: string): void {
    this.offsets.set(position, NaN);
    this.texts.set(position, text);
  }

  private place(position: number, offset: number, bytes: number): void {
    this.offsets.set(position, offset);
    this.lengths.set(position, bytes);
    this.texts.delete(position);
  }

  private flush(): void {
    if (this.fd === null || this.batched === 0) return;
    if (!this.write(this.batch, this.batched, this.size)) {
      // The batch's events go back to memory, as text.
      for (let i = 0; i < this.count; i++) {
        const offset = this.offsets.get(i);
        if (offset >= this.size) this.hold(i, this.batch.toString("utf8", offset - this.size, offset - this.size + this.lengths.get(i)));
      }
    } else {
      this.size += this.batched;
    }
    this.batched = 0;
  }

  /** Writes `bytes` of `buffer` at `offset`; false (and no more writes) when the file cannot take them. */
  private write(buffer: Buffer, bytes: number, offset: number): boolean {
    try {
      let done = 0;
      while (done < bytes) done += writeSync(this.fd!, buffer, done, bytes - done, offset + done);
      return true;
    } catch {
      this.writeFailed = true;
      return false;
    }
  }

  /** The text stored at `position`. */
  get(position: number): string {
    const at = this.bytes(position);
    return typeof at === "string" ? at : at.toString("utf8");
  }

  /**
   * The text stored at `position` as its UTF-8 bytes, a view valid until the next get() or bytes() (or as the
   * string itself when it is held in memory): the JSON output copies them as they are, without decoding and
   * encoding them again.
   */
  bytes(position: number): Buffer | string {
    const held = this.texts.get(position);
    if (held !== undefined) return held;
    this.flush();
    const offset = this.offsets.get(position);
    const bytes = this.lengths.get(position);
    // Read back in blocks when read in order (the output asks for the events in order, and they lie in the file
    // nearly in that order: one read per block instead of one per event); else only the text asked for (dedupe
    // reads back the copy of a kill that another copy joins).
    if (offset < this.readAt || offset + bytes > this.readAt + this.readBytes) {
      if (bytes > this.readBuffer.length) {
        const one = Buffer.allocUnsafe(bytes);
        readSync(this.fd!, one, 0, bytes, offset);
        return one;
      }
      this.readAt = offset;
      this.readBytes = readSync(this.fd!, this.readBuffer, 0, offset === this.lastEnd ? this.readBuffer.length : bytes, offset);
    }
    this.lastEnd = offset + bytes;
    return this.readBuffer.subarray(offset - this.readAt, offset - this.readAt + bytes);
  }

  /** Removes the file; the spool must not be used afterwards. */
  readonly close = (): void => {
    process.off("exit", this.close);
    if (this.fd !== null) closeSync(this.fd);
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.fd = null;
    this.dir = null;
  };
}
