/**
 * The `oomsleuth/events@1` document written piece by piece: byte for byte what `JSON.stringify(doc, null, 2)`
 * gives, without ever holding the whole document (or every event) in memory. See event-spool.ts.
 */
import { sourcesOf } from "../correlate/dedupe.js";
import type { OomEvent } from "../events/oom-event.js";
import type { InputInfo } from "../scan/scan-input.js";
import type { Warning } from "../warning.js";

/**
 * Writes a chunk and resolves once the stream is done with it: its memory may then be filled again, and a slow pipe
 * reader holds us back instead of making us buffer everything.
 */
export type Write = (chunk: string | Uint8Array) => Promise<void>;

/**
 * Writes the document. Each event is its JSON text as asArrayItem renders it, a string or its UTF-8 bytes (the spool's,
 * copied as they are); bytes are used before the next event is asked for, so they may be a view the next one reuses.
 */
export async function writeEventsDocument(write: Write, inputs: InputInfo[], warnings: Warning[], events: Iterable<string | Uint8Array>): Promise<void> {
  const out = new WriteBatch(write);
  const head = `{\n  "schema": "oomsleuth/events@1",\n  "inputs": ${nested(inputs, 2)},\n  "warnings": ${nested(warnings, 2)},\n  "events": [`;
  let wait = out.add(head);
  if (wait) await wait;
  let first = true;
  for (const e of events) {
    wait = out.add(first ? "\n    " : ",\n    ");
    if (wait) await wait;
    // Done with the event's bytes before the next one is asked for: they may be a view the next one reuses.
    wait = out.add(e);
    if (wait) await wait;
    first = false;
  }
  wait = out.add(first ? "]\n}\n" : "\n  ]\n}\n");
  if (wait) await wait;
  await out.end();
}

/** Pieces are gathered up to this many bytes before a write: one write per event would be ~8,000 syscalls per 64 MiB. */
const BATCH_BYTES = 1 << 16;

/**
 * Pieces gathered into one of two buffers, written when it is full while the other is filled. The events of a
 * document are bytes read back from the spool: copied here as they are (they were decoded into strings, joined and
 * encoded again, ~40 ms of 66 MB of output).
 */
class WriteBatch {
  private readonly buffers = [Buffer.allocUnsafe(BATCH_BYTES), Buffer.allocUnsafe(BATCH_BYTES)];
  private readonly writing: Array<Promise<void> | null> = [null, null];
  private turn = 0;
  private used = 0;

  constructor(private readonly write: Write) {}

  /** Adds a piece: at once (undefined), or once the full batch was written (a promise to wait for). */
  add(piece: string | Uint8Array): Promise<void> | undefined {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const most = typeof piece === "string" ? 3 * piece.length : piece.length;
    if (this.used + most > BATCH_BYTES) return this.addAfterFlush(piece, most);
    const buffer = this.buffers[this.turn];
    if (typeof piece === "string") this.used += buffer.write(piece, this.used, "utf8");
    else {
      buffer.set(piece, this.used);
      this.used += piece.length;
    }
    return undefined;
  }

  private async addAfterFlush(piece: string | Uint8Array, most: number): Promise<void> {
    await this.flush();
    // Bigger than a batch: written on its own, and done with before the caller goes on.
    if (most > BATCH_BYTES) return this.write(piece);
    this.add(piece);
  }

  /** Writes what is left; resolves when every write is done. */
  async end(): Promise<void> {
    await this.flush();
    await this.writing[this.turn ^ 1];
  }

  /** Writes what is gathered; resolves when the other buffer, filled next, has been written. */
  async flush(): Promise<void> {
    if (this.used === 0) return;
    this.writing[this.turn] = this.write(this.buffers[this.turn].subarray(0, this.used));
    this.turn ^= 1;
    this.used = 0;
    await this.writing[this.turn];
    this.writing[this.turn] = null;
  }
}

/** `value` as JSON.stringify(…, null, 2) prints it `depth` spaces in (JSON strings hold no raw newline). */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${" ".repeat(depth)}`);
}

/**
 * An event as it sits in the document's `events` array (four spaces in). Stringified inside two levels of
 * wrapping and cut out, rather than indented afterwards: one pass over ~7 kB instead of two (see nested).
 */
function asArrayItem(e: unknown): string {
  const text = JSON.stringify({ e: [e] }, null, 2);
  return text.slice(ARRAY_ITEM_HEAD.length, text.length - ARRAY_ITEM_TAIL.length);
}
const ARRAY_ITEM_HEAD = '{\n  "e": [\n    ';
const ARRAY_ITEM_TAIL = "\n  ]\n}";

/** The fields of a kept event that dedupe may still change after it was rendered (EventDeduper). */
export type MergedFields = Pick<OomEvent, "host" | "time" | "sources">;

/**
 * An event as it sits in the document's `events` array, rendered once, when it is read, as the deduper keeps it
 * when no other copy of the kill comes (its own host and clocks, itself as its one source). A kill read more than
 * once (syslog and kern.log) is rendered again at the end with what the copies merged: that is rare, so the common
 * event is written as it was rendered, with no pass over its text.
 */
export const eventJson = {
  render: (e: OomEvent): string => asArrayItem({ ...e, sources: sourcesOf(e) }),
  merged: (text: string, merged: MergedFields): string => {
    const { host, time, sources } = merged;
    return asArrayItem({ ...(JSON.parse(text) as OomEvent), host, time, sources });
  },
};

/** A Write for a Node stream: resolves when the stream calls back for the chunk. */
export function streamWriter(stream: NodeJS.WritableStream): Write {
  return (chunk) => new Promise<void>((resolve) => stream.write(chunk, () => resolve()));
}
