/**
 * Kept events written to a temporary file as text (their JSON, as the caller renders it), read back one at a
 * time when the output is written.
 *
 * Why: `parse --json` prints each kill once (dedupe.ts), so it cannot print an event before the whole input has
 * been read: a later file may carry a richer copy of it, or another source. Held as objects, the events of a log
 * made only of OOM reports took 311 MiB for 64 MiB of text (7,745 reports with their task tables); spooled, the
 * process keeps one small record per event whatever the input's size. Where no temporary file can be made (a
 * read-only /tmp), the JSON strings stay in memory: still a fraction of the objects' size.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Events are gathered into writes of this size: one write per event cost a syscall and a buffer each. */
const BATCH_BYTES = 1 << 20;

export class EventSpool {
  private fd: number | null = null;
  private dir: string | null = null;
  /** Bytes in the file, then bytes gathered in `batch` after them. */
  private size = 0;
  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES);
  private batched = 0;
  /** Per position: where its JSON lies in the file, or the JSON itself when there is no file. */
  private readonly at: Array<[offset: number, bytes: number] | string> = [];

  constructor() {
    try {
      this.dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-"));
      this.fd = openSync(path.join(this.dir, "events.json"), "w+", 0o600);
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
    if (this.fd === null) {
      this.at[position] = text;
      return;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.batched + 3 * text.length > BATCH_BYTES) this.flush();
    const offset = this.size + this.batched;
    if (3 * text.length > BATCH_BYTES) {
      const bytes = Buffer.from(text, "utf8");
      writeSync(this.fd, bytes, 0, bytes.length, offset);
      this.size += bytes.length;
      this.at[position] = [offset, bytes.length];
      return;
    }
    const bytes = this.batch.write(text, this.batched, "utf8");
    this.batched += bytes;
    this.at[position] = [offset, bytes];
  }

  private flush(): void {
    if (this.fd === null || this.batched === 0) return;
    writeSync(this.fd, this.batch, 0, this.batched, this.size);
    this.size += this.batched;
    this.batched = 0;
  }

  get(position: number): string {
    const where = this.at[position];
    if (typeof where === "string") return where;
    this.flush();
    const bytes = Buffer.allocUnsafe(where[1]);
    readSync(this.fd!, bytes, 0, where[1], where[0]);
    return bytes.toString("utf8");
  }

  /** Removes the file; the spool must not be used afterwards. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.fd = null;
    this.dir = null;
  }
}
