/**
 * Physical lines → LogRecords.
 *
 * The caller (src/scan) pushes lines with their 1-based numbers and may skip lines (its byte
 * prefilter drops lines that cannot belong to an OOM report). Rules:
 *  - A record is complete when the next record starts (or at end()); push() returns the records
 *    completed so far, in input order.
 *  - A line with no envelope continues the open record only when it directly follows the
 *    previously pushed line (lineNo = previous + 1) and that record has an envelope; otherwise
 *    it is a `plain` record (in a `plain` input every line is a record).
 *    Continuation lines indented exactly to the record's message column lose that indentation
 *    (util-linux dmesg and journalctl print multi-line records so); other text is kept as is.
 *  - Files that mix formats line by line work: a line that does not fit the input's format is
 *    tried against the other line formats (registry order) before it is a continuation.
 *  - The first DETECT_LINES non-empty lines (fewer when they hold MAX_DETECT_CHARS) are buffered; grep's prefixes
 *    are looked for in them and, without `format`, detectFormat() picks the format; they are then replayed.
 *  - Clocks: see year-inference.ts (year-less stamps) and boot-tracker.ts (LogRecord.boot). A
 *    record with uptime but no wall gets wall = bootTimeMs + uptime·1000 when bootTimeMs is given.
 * Never throws on input text.
 */
import type { LogRecord } from "./log-record.js";
import { plainLineFields } from "../../grammars/envelope/plain.js";
import { ENVELOPE_FORMATS, formatByName } from "../../grammars/envelope/index.js";
import type { EnvelopeFields, EnvelopeFormat, LineDecoder, LineResult } from "../../grammars/envelope/envelope-fields.js";
import { DETECT_LINES, detectFormat } from "./detect-format.js";
import { wallInference } from "./year-inference.js";
import { BootTracker } from "./boot-tracker.js";

export interface RecordReaderOptions {
  /** Path of the input ("-" for stdin). */
  source: string;
  /** A format name (`--format`); detected when absent. Unknown names fall back to detection. */
  format?: string;
  /** The file's modification time: the reference for year-less stamps (default: now). */
  mtime?: Date | null;
  /** Wall time of boot, ms since the epoch, for uptime-only formats (`--boot-time`). */
  bootTimeMs?: number | null;
}

export interface RecordReader {
  /** The records this line completed; most lines complete none and get one shared, frozen empty array. */
  push(line: string, lineNo: number): LogRecord[];
  end(): LogRecord[];
  /**
   * The input has gone quiet (a live stream): settle the format with the lines seen so far and give up the
   * record held for possible continuation lines, so its last line reaches the assembler now. Pushing may go on.
   */
  flush(): LogRecord[];
  /** The format in use (null while still detecting). */
  format(): string | null;
}

interface OpenRecord {
  format: string;
  fields: EnvelopeFields;
  line: number;
  lastLine: number;
  messageColumn: number;
}

interface ActiveFormat {
  format: EnvelopeFormat;
  decoder: LineDecoder;
}

const NULS = /\u0000+/g;
const ANSI_SGR = /\u001b\[[0-9;]*m/g;
/**
 * dmesg colours its stamp (`ESC[32m[ 12.345678] ESC[0m…`, after `kern  :info  : ` with -x): only such lines are
 * decoloured. Anywhere else an escape sequence is log text (a hostile process name) and is kept as it is.
 */
const COLOURED_STAMP = /^[^\u001b]{0,24}\u001b\[[0-9;]*m\[/;
/**
 * A log pasted into a ticket, a mail or Markdown: quote markers (`> `) or a code block's indentation before
 * the line's own stamp (`    [ 12.345678] …`). Only removed when a printk stamp follows, so dmesg's own
 * indented continuation lines stay what they are.
 */
const PASTE_DECORATION = /^(?:\s*>)+ ?(?=\S)|^\s+(?=\[\s*\d+\.\d+\] )/;
/**
 * What grep puts before each line it prints, as people pipe or paste it (`grep -n oom kern.log`, `zgrep -H …`): the
 * line number (`1234:`), the file (`kern.log:`), both (`kern.log:1234:`), and `-` in place of `:` on context lines
 * (`-C`). Only taken off when a log line's stamp follows it (printk's `[`, `<pri>`, a syslog or ISO date, dmesg -x's
 * `kern  :info  :`), and only in an input whose first lines mostly carry it (see runDetection): other logs pay nothing.
 */
const GREP_PREFIX = /^(?:[^\s:]+:(?:\d+[:-])?|\d+[:-]|[^\s:]+-\d+-)(?=\[\s*[\d<+]|\[[A-Z][a-z]|<\d{1,3}>|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d |\d{4}-\d\d-\d\d[T ]\d\d:\d\d|[a-z]+ *:[a-z]+ *: )/;
/** Share of the first non-empty lines that must carry a grep prefix for the input to be read as grep output. */
const GREP_SHARE = 0.8;

/** A line of grep's output as the log had it; grep's `--` between groups (lines left out) ends a record as a blank line does. */
function ungrep(line: string): string {
  return line === "--" ? "" : line.replace(GREP_PREFIX, "");
}

/**
 * Characters of a record's text beyond which a continuation line starts a record of its own. A kernel record is a
 * few kB at most (a Mem-Info block); without a bound, unprefixed lines after a dmesg's last record (binary junk,
 * over-long lines, each cut to 1 MiB) all joined it while its report stayed open: 100 lines of 2 MiB after this
 * VM's dmesg took 380 MB.
 */
const MAX_RECORD_CHARS = 1 << 20;

/**
 * Characters of the first lines after which the format is settled with fewer than DETECT_LINES of them: fifty
 * lines of a few MiB each were held at once (a log of 2 MiB lines: 171 MB peak RSS).
 */
export const MAX_DETECT_CHARS = 1 << 20;

/** What push() returns when no record completed (most lines): shared, so frozen. */
const NO_RECORDS = Object.freeze([]) as unknown as LogRecord[];

export function createRecordReader(opts: RecordReaderOptions): RecordReader {
  const referenceMs = opts.mtime instanceof Date && !Number.isNaN(opts.mtime.getTime()) ? opts.mtime.getTime() : Date.now();
  const bootTimeMs = typeof opts.bootTimeMs === "number" && Number.isFinite(opts.bootTimeMs) ? opts.bootTimeMs : null;
  const boots = new BootTracker();
  const inferWall = wallInference(referenceMs);

  let primary: ActiveFormat | null = null;
  /** Other line formats tried when a line does not fit the primary one. */
  let fallbacks: ActiveFormat[] = [];
  const detectBuffer: Array<{ line: string; lineNo: number }> = [];
  let detectNonEmpty = 0;
  let detectChars = 0;

  let open: OpenRecord | null = null;
  /** The input is grep's output (GREP_PREFIX), as settled with the format. */
  let grepOutput = false;
  let previousLineNo = -1;
  /** Records completed by the current push(); a new array only when one completes. */
  let completed: LogRecord[] = NO_RECORDS;

  function activate(name: string): void {
    const format = formatByName(name) ?? formatByName("plain")!;
    primary = { format, decoder: format.createDecoder() };
    fallbacks = ENVELOPE_FORMATS.filter((f) => f !== format && !f.structured && f.name !== "plain").map((f) => ({
      format: f,
      decoder: f.createDecoder(),
    }));
  }

  // A format given (`--format`) is used from the first line on, but the first lines are still looked at for a grep
  // prefix (runDetection): `grep -n … | oomsleuth --format dmesg` lost every kill.
  const forced = opts.format !== undefined ? formatByName(opts.format) : undefined;

  function toRecord(format: string, fields: EnvelopeFields, line: number, lineCount: number): LogRecord {
    let wall = fields.wall;
    if (wall === null && fields.yearless !== null) wall = inferWall(fields.yearless);
    if (wall === null && fields.uptime !== null && bootTimeMs !== null) wall = bootTimeMs + fields.uptime * 1000;
    const boot = boots.assign(fields, wall);
    return {
      source: opts.source,
      line,
      lineCount,
      format,
      host: fields.host,
      uptime: fields.uptime,
      wall,
      level: fields.level,
      callerId: fields.callerId,
      ident: fields.ident,
      bootId: fields.bootId,
      seq: fields.seq,
      boot,
      message: fields.message,
    };
  }

  function emit(record: LogRecord): void {
    // Most lines complete one record: an array of exactly one (an empty array's first push reserves 17 slots).
    if (completed === NO_RECORDS) completed = [record];
    else completed.push(record);
  }

  /** The records completed since the last call, in input order. */
  function takeCompleted(): LogRecord[] {
    const records = completed;
    completed = NO_RECORDS;
    return records;
  }

  function closeOpen(): void {
    if (open === null) return;
    emit(toRecord(open.format, open.fields, open.line, open.lastLine - open.line + 1));
    open = null;
  }

  function continuationText(line: string, column: number): string {
    if (column > 0 && line.length >= column) {
      let indented = true;
      for (let i = 0; i < column; i++) {
        if (line.charCodeAt(i) !== 0x20) {
          indented = false;
          break;
        }
      }
      if (indented) return line.slice(column);
    }
    return line;
  }

  function apply(result: LineResult, format: string, lineNo: number, contiguous: boolean): void {
    switch (result.kind) {
      case "start":
        closeOpen();
        open = { format, fields: result.fields, line: lineNo, lastLine: lineNo, messageColumn: result.messageColumn };
        return;
      case "record":
        closeOpen();
        emit(toRecord(format, result.fields, result.firstLine, lineNo - result.firstLine + 1));
        return;
      case "continuation":
        if (open !== null && contiguous && open.fields.message.length + result.text.length < MAX_RECORD_CHARS) {
          open.fields.message += "\n" + result.text;
          open.lastLine = lineNo;
        } else {
          closeOpen();
          open = { format: "plain", fields: plainLineFields(result.text), line: lineNo, lastLine: lineNo, messageColumn: 0 };
        }
        return;
      case "skip":
        if (result.bootMarker === true) {
          closeOpen();
          boots.markBoot();
        }
        return;
    }
  }

  function decodeWith(active: ActiveFormat, line: string, lineNo: number): LineResult | null {
    try {
      return active.decoder.decode(line, lineNo);
    } catch {
      return null; // a grammar bug must not take the scan down: the line is treated as unprefixed
    }
  }

  function processLine(rawLine: string, lineNo: number): void {
    const contiguous = lineNo === previousLineNo + 1;
    previousLineNo = lineNo;
    const main = primary!;
    // In line formats NUL bytes are never log text: they are the zeros a crash leaves in a preallocated syslog
    // block, or a damaged sector. Dropped, so a kill line behind them still reads (`\0\0Killed process 7395 …`).
    // Structured formats keep them: a journal export's binary field length holds NUL bytes.
    const line = !main.format.structured && rawLine.includes("\u0000") ? rawLine.replace(NULS, "") : rawLine;
    if (line.length === 0 && !main.format.structured) {
      // An empty line ends the open record: nothing can continue it across the blank.
      closeOpen();
      return;
    }
    // `plain` accepts every line, so in a plain input the other formats get the first look.
    const own = main.format.name === "plain" ? null : decodeWith(main, line, lineNo);
    if (own !== null) {
      apply(own, main.format.name, lineNo, contiguous);
      return;
    }
    // Unprefixed text right after a record continues it (checked before other formats, so a
    // continuation line is never mistaken for a stray line of another format).
    if (open !== null && contiguous && open.format !== "plain" && (line.charCodeAt(0) === 0x20 || line.charCodeAt(0) === 0x09)) {
      apply({ kind: "continuation", text: continuationText(line, open.messageColumn) }, main.format.name, lineNo, true);
      return;
    }
    for (const other of fallbacks) {
      const r = decodeWith(other, line, lineNo);
      if (r !== null && r.kind !== "continuation") {
        apply(r, other.format.name, lineNo, contiguous);
        return;
      }
    }
    // A `[`-line that no format read is a stamp of a format not known here, not the text of the open record.
    if (open !== null && contiguous && open.format !== "plain" && line.charCodeAt(0) !== 0x5b) {
      apply({ kind: "continuation", text: continuationText(line, open.messageColumn) }, main.format.name, lineNo, true);
      return;
    }
    closeOpen();
    open = { format: "plain", fields: plainLineFields(line), line: lineNo, lastLine: lineNo, messageColumn: 0 };
  }

  function runDetection(): void {
    const nonEmpty = detectBuffer.filter((b) => b.line.trim().length > 0);
    // `--` is grep's line between groups of context lines.
    const grepLines = nonEmpty.filter((b) => b.line === "--" || GREP_PREFIX.test(b.line)).length;
    grepOutput = nonEmpty.length > 0 && grepLines >= GREP_SHARE * nonEmpty.length;
    if (grepOutput) for (const b of detectBuffer) b.line = ungrep(b.line);
    activate(forced?.name ?? detectFormat(detectBuffer.map((b) => b.line)));
    for (const b of detectBuffer) processLine(b.line, b.lineNo);
    detectBuffer.length = 0;
  }

  return {
    push(rawLine, lineNo) {
      // `dmesg --color=always` (or `less -R` pasted into a ticket) wraps stamps and messages in ANSI SGR
      // sequences: they are display, not log text, and would hide the prefix and the kill reason.
      // `journalctl -o json-seq` starts each record with an RS character (RFC 7464): the rest is `-o json`.
      const unframed = rawLine.charCodeAt(0) === 0x1e ? rawLine.slice(1) : rawLine;
      // Both tests are gated on a character test first: they ran on every decoded line, ~8 % of the time of
      // a log made only of OOM reports (`node --cpu-prof`), and nearly every line fails them.
      const esc = unframed.indexOf("\u001b");
      const decoloured = esc >= 0 && esc <= 24 && COLOURED_STAMP.test(unframed) ? unframed.replace(ANSI_SGR, "") : unframed;
      const c0 = decoloured.charCodeAt(0);
      const plainStart = c0 > 0x20 && c0 < 0x7f && c0 !== 0x3e; // not a space, not `>`: no decoration
      const pasted = !plainStart && PASTE_DECORATION.test(decoloured) ? decoloured.replace(PASTE_DECORATION, "") : decoloured;
      const line = grepOutput ? ungrep(pasted) : pasted;
      if (primary === null) {
        detectBuffer.push({ line, lineNo });
        detectChars += line.length;
        if (line.trim().length > 0) detectNonEmpty++;
        if (detectNonEmpty >= DETECT_LINES || detectChars >= MAX_DETECT_CHARS) runDetection();
        return takeCompleted();
      }
      processLine(line, lineNo);
      return takeCompleted();
    },
    end() {
      if (primary === null) runDetection();
      const main = primary as ActiveFormat | null;
      const last = main?.decoder.finish() ?? null;
      if (last !== null) apply(last, main!.format.name, previousLineNo, false);
      closeOpen();
      return takeCompleted();
    },
    flush() {
      if (primary === null) runDetection();
      closeOpen();
      return takeCompleted();
    },
    format: () => (primary as ActiveFormat | null)?.format.name ?? forced?.name ?? null,
  };
}
