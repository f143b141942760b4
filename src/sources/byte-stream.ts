import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { InputSource } from "./input-list.js";
import { describeFsError } from "./input-list.js";

const CHUNK_BYTES = 1 << 20;

/** Decoded bytes of one input, and how far we got in the raw (possibly compressed) bytes. */
export interface ByteStream {
  chunks: AsyncIterable<Buffer>;
  /** Raw bytes consumed so far (compressed bytes for gzip): for progress and error offsets. */
  rawBytesRead(): number;
  gzip(): boolean;
}

/** Thrown from the chunk iterator when the input cannot be read or decompressed. */
export class InputError extends Error {
  constructor(message: string, readonly byteOffset: number | null) {
    super(message);
  }
}

export interface ByteStreamOptions {
  /**
   * Plain files are read into one reused buffer: no garbage per chunk (on a gigabyte that is a thousand
   * 1 MiB buffers for the GC). Only for a consumer that is done with a chunk before it asks for the next.
   */
  reuseBuffer?: boolean;
}

/**
 * Opens a file or stdin as a stream of decoded chunks. Gzip is recognised by its magic bytes
 * (`1f 8b`), not by the name, so `kern.log.2.gz`, `messages-20240101` and renamed archives all work;
 * concatenated gzip members are read in turn. Nothing ever holds more than a chunk or two.
 */
export function openByteStream(input: InputSource, stdin: NodeJS.ReadableStream = process.stdin, options: ByteStreamOptions = {}): ByteStream {
  let raw = 0;
  let isGzip = false;
  const source: AsyncIterable<Buffer> =
    input.kind === "stdin" ? (stdin as AsyncIterable<Buffer>)
    : options.reuseBuffer ? readFileChunks(input.path, () => !isGzip)
    : createReadStream(input.path, { highWaterMark: CHUNK_BYTES });

  async function* counted(it: AsyncIterator<Buffer>, first: Buffer): AsyncGenerator<Buffer> {
    try {
      yield first;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        raw += next.value.length;
        yield next.value;
      }
    } finally {
      // A consumer that stops early (a binary file skipped) must still close the file; stdin stays open.
      if (input.kind !== "stdin") await it.return?.();
    }
  }

  async function* chunks(): AsyncGenerator<Buffer> {
    const it = source[Symbol.asyncIterator]();
    let first: IteratorResult<Buffer>;
    try {
      first = await it.next();
    } catch (err) {
      throw new InputError(`cannot read: ${describeFsError(err)}`, null);
    }
    if (first.done) return;
    raw += first.value.length;
    isGzip = first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b;
    if (!isGzip) {
      try {
        yield* counted(it, first.value);
      } catch (err) {
        throw new InputError(`read failed: ${describeFsError(err)}`, raw);
      }
      return;
    }
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const compressed = Readable.from(counted(it, first.value), { objectMode: false });
    compressed.on("error", (err) => gunzip.destroy(err));
    compressed.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const what = e.code === "Z_BUF_ERROR" || /unexpected end/i.test(e.message) ? "truncated gzip data" : `corrupt gzip data (${e.message})`;
      throw new InputError(what, gunzip.bytesWritten);
    } finally {
      compressed.destroy();
    }
  }

  return { chunks: chunks(), rawBytesRead: () => raw, gzip: () => isGzip };
}

/**
 * A file's bytes in CHUNK_BYTES reads. While `reuse()` says so (plain text, not gzip: zlib keeps references
 * to what it is given), every read after the first goes into the same buffer.
 */
async function* readFileChunks(path: string, reuse: () => boolean): AsyncGenerator<Buffer> {
  const fh: FileHandle = await open(path, "r");
  try {
    let shared: Buffer | null = null;
    for (;;) {
      const buf = reuse() ? (shared ??= Buffer.allocUnsafe(CHUNK_BYTES)) : Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
