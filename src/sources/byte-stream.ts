import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { InputSource } from "./input-list.js";
import { noteDeadSoon } from "./minor-gc.js";
import { describeFsError } from "./input-list.js";

const CHUNK_BYTES = 1 << 20;
/**
 * Compressed bytes per read, and the first read of any file (gzip or not is unknown until it is done).
 * zlib inflates a whole written chunk before it looks at backpressure, so 1 MiB of a syslog .gz (~10× smaller
 * than its text) came out as ~10 MiB of buffers at once; 64 KiB bounds that at ~1 MiB. Measured on the bench's
 * 8 rotated .gz (256 MiB of text), one thread: peak RSS 114–141 MiB before, 104–121 MiB after, same time.
 */
const GZIP_READ_BYTES = 64 << 10;
/** Decompressed bytes per zlib output buffer (same measurement: 256 KiB gave the higher peaks). */
const GUNZIP_CHUNK_BYTES = 128 << 10;

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
 *
 * A file is read up to the size it had when it was listed (`input.size`), not to whatever end it has by then:
 * a log written faster than we scan would otherwise never finish. What is appended later is for the next run.
 */
export function openByteStream(input: InputSource, stdin: NodeJS.ReadableStream = process.stdin, options: ByteStreamOptions = {}): ByteStream {
  let raw = 0;
  let isGzip = false;
  const limit = readLimit(input);
  const source: AsyncIterable<Buffer> =
    input.kind === "stdin" ? (stdin as AsyncIterable<Buffer>)
    : options.reuseBuffer ? readFileChunks(input.path, limit, () => !isGzip)
    : createReadStream(input.path, limit === null ? { highWaterMark: CHUNK_BYTES } : { highWaterMark: Math.min(CHUNK_BYTES, limit), end: limit - 1 });
  // Every chunk is a fresh buffer, dead once scanned or inflated (minor-gc.ts), but for plain text read into two
  // buffers in turn (readFileChunks).
  const freshChunks = () => !(options.reuseBuffer && input.kind !== "stdin" && !isGzip);

  async function* counted(it: AsyncIterator<Buffer>, first: Buffer): AsyncGenerator<Buffer> {
    try {
      yield first;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        raw += next.value.length;
        yield next.value;
        if (freshChunks()) noteDeadSoon(next.value.length);
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
    isGzip = isGzipMagic(first.value);
    if (!isGzip) {
      try {
        yield* counted(it, first.value);
      } catch (err) {
        throw new InputError(`read failed: ${describeFsError(err)}`, raw);
      }
      return;
    }
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
    const compressed = Readable.from(counted(it, first.value), { objectMode: false });
    compressed.on("error", (err) => gunzip.destroy(err));
    compressed.pipe(gunzip);
    try {
      for await (const chunk of gunzip) {
        yield chunk as Buffer;
        noteDeadSoon((chunk as Buffer).length);
      }
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
 * Bytes to read at most: the listed size of a regular file, null (to the end) when it is unknown. A size of 0 is
 * read to the end too: /proc and /sys files say 0 and have content, and an empty file costs nothing either way.
 */
function readLimit(input: InputSource): number | null {
  return input.kind === "file" && input.size !== null && input.size > 0 ? input.size : null;
}

/**
 * A file's bytes, up to `limit`: the first two reads GZIP_READ_BYTES (the second starts before the first chunk has
 * told gzip from text), then CHUNK_BYTES for plain text, GZIP_READ_BYTES for gzip. No buffer is bigger than the file: a 40-byte log gets a 40-byte buffer (from Node's shared slab),
 * not a fresh 1 MiB one (3000 small files were 3 GB of garbage).
 *
 * The next read is under way while the consumer works on the current chunk: read and scan alternated before,
 * and this thread sat idle ~350 ms of a 1 GiB plain scan waiting for reads. While `reuse()` says so (plain
 * text, not gzip: zlib keeps references to what it is given) reads take turns in two buffers, one being read
 * into while the consumer holds the other.
 */
async function* readFileChunks(path: string, limit: number | null, reuse: () => boolean): AsyncGenerator<Buffer> {
  const fh: FileHandle = await open(path, "r");
  const buffers: Array<Buffer | undefined> = [undefined, undefined];
  let turn = 0;
  let left = limit ?? Infinity;
  let reads = 0;

  const readNext = async (): Promise<Buffer | null> => {
    if (left <= 0) return null;
    const plain = reuse();
    const want = Math.min(reads < 2 || !plain ? GZIP_READ_BYTES : CHUNK_BYTES, left);
    reads++;
    let buf: Buffer;
    if (plain) {
      buf = buffers[turn] ??= Buffer.allocUnsafe(Math.min(CHUNK_BYTES, left));
      turn ^= 1;
    } else {
      buf = Buffer.allocUnsafe(want);
    }
    const { bytesRead } = await fh.read(buf, 0, want, null);
    if (bytesRead === 0) left = 0;
    left -= bytesRead;
    return bytesRead === 0 ? null : buf.subarray(0, bytesRead);
  };

  // A read that fails while the consumer holds a chunk is reported when the consumer asks for the next one,
  // not as an unhandled rejection in between (hence the empty catch: `await` still throws).
  const start = () => {
    const p = readNext();
    p.catch(() => undefined);
    return p;
  };
  let pending: Promise<Buffer | null> | null = null;
  try {
    pending = start();
    for (;;) {
      const chunk = await pending;
      pending = null;
      if (chunk === null) return;
      pending = start();
      yield chunk;
    }
  } finally {
    // A consumer that stops early leaves a read in flight: let it land before closing the file.
    await pending?.catch(() => null);
    await fh.close();
  }
}

/** Gzip's magic bytes (RFC 1952) at the start of `head`: how a rotated `.gz`, or one without the extension, is told. */
export function isGzipMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Big plain files are read straight into the scan memory (line-scanner.ts `directReadBytes`), in reads this big:
 * no copy from a read buffer into the WebAssembly memory, and fewer, larger reads (1 MiB reads cost 107–160 ms
 * per GiB, 4 MiB reads ~80 ms on the bench machine).
 */
export const DIRECT_READ_BYTES = 4 << 20;
/** Files smaller than this keep the chunk path: the bigger scan memory is not worth it for them. */
export const DIRECT_MIN_BYTES = 16 << 20;

/**
 * The file opened for direct reads when it is a plain (not gzip) file of at least DIRECT_MIN_BYTES; null
 * otherwise, and on any error (the chunk path then reports it as usual). The caller closes the handle.
 */
export async function openPlainFile(input: InputSource): Promise<FileHandle | null> {
  if (input.kind !== "file" || input.size === null || input.size < DIRECT_MIN_BYTES) return null;
  let fh: FileHandle;
  try {
    fh = await open(input.path, "r");
  } catch {
    return null;
  }
  const magic = Buffer.alloc(2);
  const { bytesRead } = await fh.read(magic, 0, 2, 0).catch(() => ({ bytesRead: -1 }));
  if (bytesRead >= 0 && !isGzipMagic(magic.subarray(0, bytesRead))) return fh;
  await fh.close().catch(() => undefined);
  return null;
}

/** Reads of one plain file into caller memory: each yields the bytes that landed in `areas[0]`, `areas[1]`, `areas[0]`, … */
export interface DirectReads {
  reads: AsyncIterable<number>;
  rawBytesRead(): number;
}

/**
 * Reads `fh` from its start up to the listed size (as openByteStream does) into two areas in turn. The read into
 * one area is under way while the consumer works on what the previous read put in the other, so the consumer
 * must be done with an area (what it keeps, it copies elsewhere) before it asks for the next read.
 */
export function readPlainInto(fh: FileHandle, input: InputSource, areas: [Buffer, Buffer]): DirectReads {
  let raw = 0;
  const limit = readLimit(input);

  async function* reads(): AsyncGenerator<number> {
    let left = limit ?? Infinity;
    let turn = 0;
    const readNext = async (): Promise<number> => {
      if (left <= 0) return 0;
      const area = areas[turn];
      turn ^= 1;
      const { bytesRead } = await fh.read(area, 0, Math.min(area.length, left), raw);
      if (bytesRead === 0) left = 0;
      left -= bytesRead;
      raw += bytesRead;
      return bytesRead;
    };
    // As in readFileChunks: a failed read surfaces when the consumer asks for it, not as an unhandled rejection.
    const start = () => {
      const p = readNext();
      p.catch(() => undefined);
      return p;
    };
    let pending: Promise<number> | null = null;
    try {
      pending = start();
      for (;;) {
        let bytes: number;
        try {
          bytes = await pending;
        } catch (err) {
          throw new InputError(`read failed: ${describeFsError(err)}`, raw);
        }
        pending = null;
        if (bytes === 0) return;
        pending = start();
        yield bytes;
      }
    } finally {
      // A consumer that stops early leaves a read in flight: let it land before the caller closes the file.
      await pending?.catch(() => 0);
    }
  }

  return { reads: reads(), rawBytesRead: () => raw };
}
