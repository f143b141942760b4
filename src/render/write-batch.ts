/** Output written in pieces gathered into 64 KiB writes (parse's events document, report's JSON). */

/**
 * Writes a chunk and resolves once the stream is done with it: its memory may then be filled again, and a slow pipe
 * reader holds us back instead of making us buffer everything.
 */
export type Write = (chunk: string | Uint8Array) => Promise<void>;

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

/**
 * Writes every piece, in batches; resolves when the last write is done. A piece is copied (or written) before the
 * next is asked for, so a piece may be a view that the next one overwrites.
 */
export async function writeAll(write: Write, pieces: Iterable<string | Uint8Array>): Promise<void> {
  const out = new WriteBatch(write);
  for (const piece of pieces) {
    const wait = out.add(piece);
    if (wait) await wait;
  }
  await out.end();
}

/** A Write for a Node stream: resolves when the stream calls back for the chunk. */
export function streamWriter(stream: NodeJS.WritableStream): Write {
  return (chunk) => new Promise<void>((resolve) => stream.write(chunk, () => resolve()));
}
