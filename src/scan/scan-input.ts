import type { OomEvent } from "../events/oom-event.js";
import type { LogRecord } from "../records/log-record.js";
import { createRecordReader, MAX_DETECT_CHARS } from "../records/record-reader.js";
import { createAssembler } from "../assemble/assembler.js";
import { TRIGGER_STRINGS } from "../../grammars/oom/triggers.js";
import { parseUserspaceKill, USERSPACE_TRIGGER_STRINGS } from "../userspace/userspace-kill.js";
import { DIRECT_READ_BYTES, InputError, openByteStream, openPlainFile, readPlainInto, type ByteStream, type DirectReads } from "../sources/byte-stream.js";
import type { InputSource } from "../sources/input-list.js";
import type { Warning } from "../warning.js";
import { LineScanner } from "./line-scanner.js";
import { looksBinary } from "./binary-sniff.js";
import { sniff } from "../heap/sniff.js";
import { formatByName } from "../../grammars/envelope/index.js";

/** What the JSON `inputs[]` says of one input. */
export interface InputInfo {
  path: string;
  format: string | null;
  lines: number;
  bytes: number;
  gzip: boolean;
}

export interface ScanOptions {
  /** Force an envelope format instead of detecting it. */
  format?: string | null;
  /** Wall time of boot (ms since epoch) for logs that carry only uptime (raw dmesg). */
  bootTimeMs?: number | null;
  stdin?: NodeJS.ReadableStream;
}

export interface ScanSink {
  event(e: OomEvent): void;
  warning(w: Warning): void;
  /** Raw bytes read so far in this input (for progress). */
  progress?(rawBytes: number): void;
  /**
   * Asked before each read: a promise to wait for before reading on (the caller holds what this input reported
   * until earlier inputs are done, and holds enough), or null to go on at once.
   */
  ready?(): Promise<void> | null;
}

/**
 * Plain files read straight into their scanner's memory at once in this thread, at most: such a scan holds ~10 MiB
 * (two 4 MiB reads and the longest line), one by chunks ~2 MiB. Files scanned beside them (overlapped-scan.ts runs
 * four) go by chunks: four direct scans of the bench's 8 rotated files, uncompressed, took 115-124 MB peak RSS,
 * two at most 99 MB, in the same 0.47-0.51 s.
 */
const MAX_DIRECT_SCANS = 2;
let directScans = 0;

/**
 * Lines always decoded at the start of an input, so the envelope format can be detected (and grep's prefixes, with a
 * format given): fewer when they hold MAX_DETECT_CHARS, which settle the reader as well. Fifty lines of 2 MiB were
 * decoded into strings Node keeps outside V8's heap until a full collection (134 MB peak RSS).
 */
const HEAD_LINES = 50;
/** Lines decoded while the format is not known yet, at most. */
const MAX_DETECT_LINES = 1000;
/**
 * Lines handed to the reader at a time (fewer when they are long: BATCH_CHARS), and records to the assembler. One
 * line at a time through every stage (scan, envelope, records, OOM grammar, report builder) ran through more code
 * and data than the CPU's caches hold; a batch runs each stage over many lines in a row. Measured on the bench's
 * 64 MiB of OOM reports, scan to events: one at a time 0.91-0.92 s; batches of 64 lines 0.85-0.89 s, of 64 records
 * 0.77-0.80 s, of both 0.69-0.76 s (32: 0.69 s; 4,096 records: slower than 64); `parse --json` 1.615 -> 1.440 s.
 *
 * While lines wait, the prefilter cannot ask the assembler whether a report is open (its answer would lag): every
 * line is taken until the batch is read, so a few dozen lines after a report's end are read that a line at a time
 * would have skipped (never one fewer; none of them can start a report, which takes a trigger). Batches are cut by
 * the lines taken, never by the size of a read, so what is read is the same whatever the reads (a pipe's chunks
 * vary from run to run); only a live stream that pauses has its batch read early (SETTLE_MS).
 */
const BATCH = 64;
/** Characters of waiting lines after which they are read however few: over-long lines are each cut to 1 MiB. */
const BATCH_CHARS = 1 << 18;
/** Lines decoded after a trigger line even when they hold no trigger: the report header's record completes with them. */
const AFTER_HIT_LINES = 3;

export const ALL_TRIGGERS: string[] = [...new Set([...TRIGGER_STRINGS, ...USERSPACE_TRIGGER_STRINGS])];

/**
 * Scans one input: bytes → lines (prefiltered) → records → OOM events.
 * Problems become warnings; nothing here throws for bad input.
 */
export async function scanInput(input: InputSource, opts: ScanOptions, sink: ScanSink): Promise<InputInfo> {
  // A big plain file is read straight into the scanner's memory (no copy); anything else comes as chunks that the
  // scanner copies before asking for the next, so the read buffer can be reused.
  const mayReadDirect = directScans < MAX_DIRECT_SCANS;
  if (mayReadDirect) directScans++;
  const plain = mayReadDirect ? await openPlainFile(input) : null;
  if (mayReadDirect && plain === null) directScans--;
  const reader = createRecordReader({
    source: input.path,
    format: opts.format ?? undefined,
    mtime: input.mtime,
    bootTimeMs: opts.bootTimeMs ?? null,
  });
  const assembler = createAssembler();
  let lastHit = -AFTER_HIT_LINES - 1;
  let headChars = 0;
  // Formats whose records span several lines (dmesg --json, journal export) cannot be prefiltered by line.
  let everyLine = opts.format ? isMultiLineFormat(opts.format) : false;
  let formatKnown = Boolean(opts.format);

  // Index loops: `for … of` here made an iterator per record (56 MB of the 1.5 GB allocated for 64 MiB of reports).
  const take = (records: LogRecord[]) => {
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const userspace = parseUserspaceKill(record);
      if (userspace) sink.event(userspace);
      const events = assembler.push(record);
      for (let j = 0; j < events.length; j++) sink.event(events[j]);
    }
  };

  // Lines wait here and go to the reader BATCH at a time, and the records they make to the assembler (see BATCH).
  const lines: string[] = [];
  const lineNos: number[] = [];
  let waitingChars = 0;
  const records: LogRecord[] = [];
  const assemble = () => {
    take(records);
    records.length = 0;
  };
  const drain = () => {
    for (let i = 0; i < lines.length; i++) {
      const done = reader.push(lines[i], lineNos[i]);
      for (let j = 0; j < done.length; j++) records.push(done[j]);
      if (records.length >= BATCH) assemble();
      if (!formatKnown && reader.format() !== null) {
        formatKnown = true;
        everyLine ||= isMultiLineFormat(reader.format());
      }
    }
    lines.length = 0;
    lineNos.length = 0;
    waitingChars = 0;
    assemble();
  };

  const scanner = new LineScanner({
    needles: ALL_TRIGGERS,
    // Every line goes to the reader until it has settled the format (it wants non-empty lines; journal exports have
    // blank ones between entries), and while lines wait for it (see BATCH).
    wantAll: (lineNo) =>
      everyLine || (!formatKnown && lineNo <= MAX_DETECT_LINES) || (lineNo <= HEAD_LINES && headChars < MAX_DETECT_CHARS) ||
      lineNo - lastHit <= AFTER_HIT_LINES ||
      lines.length > 0 || assembler.isCollecting(),
    onLine: (text, lineNo, hit) => {
      if (hit) lastHit = lineNo;
      if (lineNo <= HEAD_LINES) headChars += text.length;
      lines.push(text);
      lineNos.push(lineNo);
      waitingChars += text.length;
      if (lines.length >= BATCH || waitingChars >= BATCH_CHARS) drain();
    },
    onLongLine: (lineNo, size) =>
      sink.warning({ path: input.path, line: lineNo, message: `line of ${size} bytes cut to its first ${1 << 20} bytes` }),
    directReadBytes: plain ? DIRECT_READ_BYTES : undefined,
  });
  const direct = plain ? readPlainInto(plain, input, scanner.directAreas()) : null;
  const stream = direct ? plainStream(direct) : openByteStream(input, opts.stdin, { reuseBuffer: true });

  // A live stream (`journalctl -kf | oomsleuth parse --ndjson`) may stop right after a kill line: when stdin has
  // been quiet for a moment, what is complete is handed on instead of waiting for lines that may not come. Lines
  // waiting for a batch are read as soon as a live stream pauses: a quiet host prints a line every few seconds.
  const idle = input.kind === "stdin" ? idleTimer(IDLE_MS, () => {
    drain();
    take(reader.flush());
    for (const e of assembler.flushIdle()) sink.event(e);
  }) : null;
  const settle = input.kind === "stdin" ? idleTimer(SETTLE_MS, drain) : null;
  try {
    if (!(await (direct ? feedDirect(input, direct, scanner, sink) : feed(input, stream, scanner, sink, [idle, settle])))) {
      return { path: input.path, format: null, lines: 0, bytes: stream.rawBytesRead(), gzip: stream.gzip() };
    }
    scanner.end();
    drain();
    take(reader.end());
    for (const e of assembler.end()) sink.event(e);
    return { path: input.path, format: reader.format() ?? null, lines: scanner.lines, bytes: stream.rawBytesRead(), gzip: stream.gzip() };
  } finally {
    idle?.stop();
    settle?.stop();
    // Also after a throw: the scan memory goes back to the pool for the next input (prefilter-pool.ts).
    scanner.release();
    if (plain !== null) directScans--;
    await plain?.close().catch(() => undefined);
  }
}

/** What the summary asks of a stream, for a direct-read file (never gzip; no chunks: feedDirect reads). */
function plainStream(direct: DirectReads): ByteStream {
  return { chunks: (async function* () {})(), rawBytesRead: direct.rawBytesRead, gzip: () => false };
}

/**
 * A file met in a directory scan that is not a log: heap snapshots lie next to the logs (report links them)
 * and are skipped without a word; other binaries with a warning. True when the input is to be skipped.
 */
function skipNonLog(input: InputSource, head: Buffer, sink: ScanSink): boolean {
  if (!input.fromDirectory) return false;
  if (sniff(head) !== null) return true;
  if (!looksBinary(head)) return false;
  sink.warning({ path: input.path, message: "binary file skipped" });
  return true;
}

/** An input that could not be read (or decompressed) to its end: a warning with its path and byte offset. */
function readFailure(input: InputSource, err: unknown, sink: ScanSink): void {
  if (!(err instanceof InputError)) throw err;
  sink.warning({
    path: input.path,
    ...(err.byteOffset !== null ? { byteOffset: err.byteOffset } : {}),
    message: err.message,
    unreadable: true,
  });
}

/** feed() for a file read straight into the scanner's memory. */
async function feedDirect(input: InputSource, direct: DirectReads, scanner: LineScanner, sink: ScanSink): Promise<boolean> {
  let first = true;
  try {
    for await (const bytes of direct.reads) {
      if (first && skipNonLog(input, scanner.directAreas()[0].subarray(0, bytes), sink)) return false;
      first = false;
      scanner.pushDirect(bytes);
      sink.progress?.(direct.rawBytesRead());
      const wait = sink.ready?.();
      if (wait) await wait;
    }
  } catch (err) {
    readFailure(input, err, sink);
  }
  return true;
}

/** Pushes the input's chunks through the scanner; false when it is a heap snapshot or a binary met in a directory (skipped). */
async function feed(input: InputSource, stream: ByteStream, scanner: LineScanner, sink: ScanSink, timers: Array<IdleTimer | null>): Promise<boolean> {
  let first = true;
  try {
    for await (const chunk of stream.chunks) {
      if (first && skipNonLog(input, chunk, sink)) return false;
      first = false;
      scanner.push(chunk);
      for (const t of timers) t?.restart();
      sink.progress?.(stream.rawBytesRead());
      const wait = sink.ready?.();
      if (wait) await wait;
    }
  } catch (err) {
    readFailure(input, err, sink);
  }
  return true;
}

/** Quiet time after which a live stream's complete events are handed on (the reaper prints within ~2 s). */
const IDLE_MS = 3000;
/**
 * Quiet time after which the lines of a live stream waiting for a batch are read. A file piped in comes without such
 * pauses, so its batches are cut by the count of lines alone (see BATCH).
 */
const SETTLE_MS = 50;

interface IdleTimer {
  restart(): void;
  stop(): void;
}

function idleTimer(ms: number, onIdle: () => void): IdleTimer {
  let timer: NodeJS.Timeout | null = null;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    restart() {
      stop();
      timer = setTimeout(onIdle, ms);
      timer.unref();
    },
    stop,
  };
}

function isMultiLineFormat(name: string | null): boolean {
  return name !== null && formatByName(name)?.structured === true;
}
