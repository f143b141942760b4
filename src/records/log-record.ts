/**
 * One kernel (or daemon) log record, whatever envelope carried it: the output of
 * grammars/envelope and the input of src/assemble.
 *
 * Uptime (the printk clock, seconds since boot) and wall time are kept apart: each is
 * null when the log does not carry it, and neither is ever guessed from the other here.
 */
export interface LogRecord {
  /** Path of the input ("-" for stdin). */
  source: string;
  /** 1-based line number of the record's first physical line in that input. */
  line: number;
  /** Number of physical lines the record spans (continuations, journal export entries). */
  lineCount: number;
  /** Envelope that read it, e.g. "dmesg", "syslog-rfc3164". */
  format: string;
  host: string | null;
  /** Seconds since boot, microsecond precision as printed. */
  uptime: number | null;
  /** Wall-clock time, milliseconds since the Unix epoch (UTC). */
  wall: number | null;
  /** Syslog severity 0..7 when the envelope carries it (`<3>`, `kern  :err`, kmsg `3,`). */
  level: number | null;
  /** printk caller id: "T123" (task) or "C1" (CPU). */
  callerId: string | null;
  /** Program that logged it ("kernel", "systemd-oomd", "earlyoom"); null when the envelope has no such field (plain dmesg is all kernel). */
  ident: string | null;
  /** journald `_BOOT_ID`. */
  bootId: string | null;
  /** /dev/kmsg sequence number. */
  seq: number | null;
  /** Boot index within this input and host, from 0 (uptime going backwards, `Linux version`, kmsg seq reset, journal boot id). */
  boot: number;
  /** The text without its envelope. A record printed with embedded newlines keeps them as "\n". */
  message: string;
}
