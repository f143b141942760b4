/**
 * What one envelope format reads from a log line's prefix, and the contract every format
 * module in this folder follows. The record reader (src/records/record-reader.ts) turns these
 * into LogRecords (it adds the source, line numbers, the year of year-less stamps and the boot).
 */

/** A syslog/journal "short" time stamp that carries no year (`Jul 30 18:11:02`). */
export interface YearlessTime {
  /** 0..11 */
  month: number;
  /** 1..31 */
  day: number;
  /** Milliseconds since local midnight (fraction kept when printed, e.g. short-precise). */
  msOfDay: number;
}

export interface EnvelopeFields {
  host: string | null;
  /** Seconds since boot (printk clock) as printed. */
  uptime: number | null;
  /** Milliseconds since the epoch, UTC, when the stamp carries a full date. */
  wall: number | null;
  /** A date without a year; the reader infers the year (see src/records/year-inference.ts). */
  yearless: YearlessTime | null;
  level: number | null;
  callerId: string | null;
  ident: string | null;
  bootId: string | null;
  seq: number | null;
  message: string;
}

/** What one physical line is, for a given format. */
export type LineResult =
  /** The line starts a record; later unprefixed lines may continue it. `messageColumn` is where
   * the message starts in the line: continuation lines indented by exactly that many spaces
   * (util-linux dmesg, journalctl short) lose that indentation. */
  | { kind: "start"; fields: EnvelopeFields; messageColumn: number }
  /** A record spanning physical lines firstLine..this line, already complete (JSON objects,
   * journal export entries); nothing continues it. */
  | { kind: "record"; fields: EnvelopeFields; firstLine: number }
  /** More text of the record being built (a format-specific continuation). */
  | { kind: "continuation"; text: string }
  /** Structure without a message (JSON brackets, kmsg ` KEY=value` dictionary lines,
   * journalctl `-- … --` markers). `bootMarker` is set for journalctl's `-- Boot … --`/`-- Reboot --`. */
  | { kind: "skip"; bootMarker?: boolean };

/** Per-reader state of one format. Stateless formats share one instance. */
export interface LineDecoder {
  /** null: the line is not in this format. */
  decode(line: string, lineNo: number): LineResult | null;
  /** End of input: a record still being assembled (JSON object without its `}`, last export entry). */
  finish(): LineResult | null;
}

export interface EnvelopeSample {
  /** A real line (or, for multi-line formats, the physical lines joined with "\n"). */
  line: string;
  /** Where it comes from (corpus file and line), so a reader can check it. */
  from: string;
  expect: Partial<EnvelopeFields>;
}

export interface EnvelopeFormat {
  /** The `--format` value and LogRecord.format. */
  name: string;
  description: string;
  /** Cheap test for detection: can this line belong to this format (record or structure)? */
  matches(line: string): boolean;
  createDecoder(): LineDecoder;
  /** Multi-line structured formats need their neighbours: never tried on a single stray line. */
  structured: boolean;
  samples: EnvelopeSample[];
}

export function emptyFields(message: string): EnvelopeFields {
  return {
    host: null,
    uptime: null,
    wall: null,
    yearless: null,
    level: null,
    callerId: null,
    ident: null,
    bootId: null,
    seq: null,
    message,
  };
}

/** A decoder for formats where each line stands alone. */
export function statelessDecoder(decode: (line: string) => LineResult | null): LineDecoder {
  return { decode, finish: () => null };
}
