/**
 * Test-only writers: kernel (and daemon) records → the text of each envelope format the reader knows, written from
 * each format's definition (util-linux dmesg, /dev/kmsg ABI, RFC 3164/5424 as rsyslog writes them, journalctl
 * output modes) and checked against the real samples embedded in grammars/envelope/*.ts.
 *
 * A writer returns each record's physical lines separately so a test can cut the file at any line and still know
 * which records were whole.
 */

export interface WrapRecord {
  /** Text as the kernel (or daemon) logged it; may hold "\n" (a multi-line record). */
  message: string;
  /** Microseconds since boot (the printk clock). */
  uptimeUs: number;
  /** Syslog severity 0..7. */
  level: number;
  host: string;
  /** "kernel", or a daemon name with its pid. */
  ident: string;
  pid: number | null;
  /** /dev/kmsg and journal sequence number (default: position + 1). */
  seq?: number;
}

export interface Wrapped {
  head: string[];
  /** Physical lines of each record, in order. A journal-export binary value (raw length bytes, then text that may hold
   * its own "\n"s) is one Buffer element. */
  records: Line[][];
  tail: string[];
}

export type Line = string | Buffer;

export type Writer = (records: WrapRecord[]) => Wrapped;

/** Boot of the go-leak machine, 2026-11-26T19:11:41Z (dmesg-iso.txt l.2511 wall 20:30:51.320556 minus its uptime 4750.320556), in µs. */
export const BOOT_WALL_US = Date.UTC(2026, 10, 26, 19, 11, 41) * 1000;
const BOOT_ID = "9f1c2d3e4b5a69788796a5b4c3d2e1f0";

const LEVELS = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

const isKernel = (r: WrapRecord) => r.ident === "kernel";
/** Syslog facility: kern (0) for the kernel, daemon (3) for the rest. */
const facility = (r: WrapRecord) => (isKernel(r) ? 0 : 3);
const pri = (r: WrapRecord) => facility(r) * 8 + r.level;
const pad2 = (n: number) => String(n).padStart(2, "0");
const us6 = (us: number) => String(us % 1_000_000).padStart(6, "0");

/** util-linux `[%5ld.%06ld]` uptime stamp (also journalctl short-monotonic). */
function uptimeStamp(us: number): string {
  return `[${String(Math.floor(us / 1_000_000)).padStart(5)}.${us6(us)}]`;
}

function wallOf(r: WrapRecord): { d: Date; us: number } {
  const us = BOOT_WALL_US + r.uptimeUs;
  return { d: new Date(Math.floor(us / 1000)), us };
}

/** `2026-11-26T20:30:51` */
function isoSeconds(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** RFC 3164 / journalctl short: `Nov 26 20:30:51` (day space-padded). */
function shortStamp(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** A daemon's text as it reaches the kernel ring buffer through /dev/kmsg (`systemd[1]: …`). */
function ringText(r: WrapRecord): string {
  return isKernel(r) ? r.message : `${r.ident}${r.pid !== null ? `[${r.pid}]` : ""}: ${r.message}`;
}

/** util-linux dmesg and journalctl print a multi-line record's further lines indented to the message column. */
function indented(prefix: string, message: string): string[] {
  const [first, ...rest] = message.split("\n");
  return [prefix + first, ...rest.map((l) => " ".repeat(prefix.length) + l)];
}

/** rsyslog's control-character escape (`#012` for a newline), which the RFC 3164 and 5424 files carry. */
const rsyslogEscape = (s: string) => s.replace(/[\x00-\x1f]/g, (c) => "#" + c.charCodeAt(0).toString(8).padStart(3, "0"));

/** /dev/kmsg escaping (printk.c): bytes < 0x20, >= 0x7f and `\` as `\xHH`. */
function kmsgEscape(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) out += b < 0x20 || b >= 0x7f || b === 0x5c ? "\\x" + b.toString(16).padStart(2, "0") : String.fromCharCode(b);
  return out;
}

const lineWriter = (one: (r: WrapRecord, seq: number) => Line[]): Writer => (records) => ({
  head: [],
  records: records.map((r, i) => one(r, r.seq ?? i + 1)),
  tail: [],
});

/** Journal fields of one entry, in the order journalctl prints them (MESSAGE before _HOSTNAME, as journald stores it). */
function journalFields(r: WrapRecord, seq: number): [string, string][] {
  const { us } = wallOf(r);
  const f: [string, string][] = [
    ["__CURSOR", `s=${BOOT_ID};i=${seq.toString(16)}`],
    ["__REALTIME_TIMESTAMP", String(us)],
    ["__MONOTONIC_TIMESTAMP", String(r.uptimeUs + 37)],
    ["_BOOT_ID", BOOT_ID],
    ["PRIORITY", String(r.level)],
    ["SYSLOG_FACILITY", String(facility(r))],
    ["SYSLOG_IDENTIFIER", r.ident],
  ];
  if (isKernel(r)) f.push(["_TRANSPORT", "kernel"], ["_SOURCE_MONOTONIC_TIMESTAMP", String(r.uptimeUs)]);
  else f.push(["_TRANSPORT", "syslog"], ["_PID", String(r.pid ?? 1)], ["SYSLOG_PID", String(r.pid ?? 1)]);
  f.push(["MESSAGE", r.message], ["_HOSTNAME", r.host]);
  return f;
}

/** journalctl -o export: a value with a newline (or other control bytes) is `KEY\n<le64 length><bytes>`. */
function exportField([k, v]: [string, string]): Line[] {
  if (!/[\x00-\x08\x0a-\x1f]/.test(v)) return [`${k}=${v}`];
  const value = Buffer.from(v, "utf8");
  const le = Buffer.alloc(8);
  le.writeBigUInt64LE(BigInt(value.length));
  return [k, Buffer.concat([le, value])];
}

/** Every writer, by the reader's format name. */
export const WRITERS: Record<string, Writer> = {
  // `[ 4750.320556] Memory cgroup out of memory: …` (grammars/envelope/dmesg.ts sample, go-leak dmesg.txt l.2511)
  dmesg: lineWriter((r) => indented(`${uptimeStamp(r.uptimeUs)} `, ringText(r))),
  // `<3>[ 4750.320556] …` (dmesg -r, dmesg-raw.ts sample)
  "dmesg-raw": lineWriter((r) => indented(`<${pri(r)}>${uptimeStamp(r.uptimeUs)} `, ringText(r))),
  // `kern  :err   : [ 4750.320556] …` (dmesg -x, dmesg-decode.ts sample)
  "dmesg-decode": lineWriter((r) =>
    indented(`${(isKernel(r) ? "kern" : "daemon").padEnd(6)}:${LEVELS[r.level].padEnd(6)}: ${uptimeStamp(r.uptimeUs)} `, ringText(r))),
  // `2026-11-26T20:30:51.320556000Z stdout F [ 4750.320556] …`: a Kubernetes pod running `dmesg -w`, as kubelet logs
  // it (grammars/envelope/cri.ts); every physical line gets the runtime's prefix.
  cri: lineWriter((r) => {
    const { d, us } = wallOf(r);
    return indented(`${uptimeStamp(r.uptimeUs)} `, ringText(r)).map((l) => `${isoSeconds(d)}.${us6(us)}000Z stdout F ${l}`);
  }),
  // `2026-11-26T20:30:51,320556+00:00 …` (dmesg --time-format iso)
  "dmesg-iso": lineWriter((r) => {
    const { d, us } = wallOf(r);
    return indented(`${isoSeconds(d)},${us6(us)}+00:00 `, ringText(r));
  }),
  // `[Thu Nov 26 20:30:51 2026] …` (dmesg -T, C locale)
  "dmesg-ctime": lineWriter((r) => {
    const { d } = wallOf(r);
    const stamp = `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
    return indented(`[${stamp}] `, ringText(r));
  }),
  // `[ 4750.320556 <    0.000017>] …` (dmesg -d: `"[%5ld.%06ld <%12.6f>] "`, the gap since the previous record)
  "dmesg-delta": (records) => ({
    head: [],
    records: records.map((r, i) => {
      const gap = i === 0 ? 0 : (r.uptimeUs - records[i - 1].uptimeUs) / 1e6;
      return indented(`${uptimeStamp(r.uptimeUs).slice(0, -1)} <${gap.toFixed(6).padStart(12)}>] `, ringText(r));
    }),
    tail: [],
  }),
  // `[Nov26 20:30] …` then `[  +0.000017] …` (dmesg -e: util-linux print_record() DMESG_TIMEFTM_RELTIME, local time
  // here UTC): `"[%b%d %H:%M] "` when the minute changed since the previous record, else the gap, `"[  %+8.6f] "`
  // (`"[ %+9.6f] "` from 10 s).
  "dmesg-reltime": (records) => ({
    head: [],
    records: records.map((r, i) => {
      const d = wallOf(r).d;
      const minute = `${MONTHS[d.getUTCMonth()]}${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
      const before = i === 0 ? null : wallOf(records[i - 1]).d;
      const sameMinute = before !== null && Math.floor(before.getTime() / 60_000) === Math.floor(d.getTime() / 60_000);
      const gap = i === 0 ? 0 : (r.uptimeUs - records[i - 1].uptimeUs) / 1e6;
      const stamp = !sameMinute ? `[${minute}]` : gap < 10 ? `[  +${gap.toFixed(6)}]` : `[ +${gap.toFixed(6)}]`;
      return indented(`${stamp} `, ringText(r));
    }),
    tail: [],
  }),
  // dmesg --json, pretty-printed as util-linux does (go-leak dmesg.json): `      },{` between objects.
  "dmesg-json": (records) => ({
    head: ["{", '   "dmesg": ['],
    records: records.map((r, i) => [
      i === 0 ? "      {" : "      },{",
      `         "pri": ${pri(r)},`,
      `         "time": ${uptimeStamp(r.uptimeUs).slice(1, -1)},`,
      `         "msg": ${JSON.stringify(ringText(r))}`,
    ]),
    tail: ["      }", "   ]", "}"],
  }),
  // `3,2828,4750320556,-;…` (cat /dev/kmsg, kmsg.ts sample)
  kmsg: lineWriter((r, seq) => [`${pri(r)},${seq},${r.uptimeUs},-;${kmsgEscape(ringText(r))}`]),
  // rsyslog default file format with imklog's inner printk stamp: `Dec 20 03:17:52 localhost kernel: [75669.703275] …`
  "syslog-rfc3164": lineWriter((r) => {
    const inner = isKernel(r) ? `${uptimeStamp(r.uptimeUs)} ` : "";
    return [`${shortStamp(wallOf(r).d)} ${r.host} ${r.ident}${r.pid !== null ? `[${r.pid}]` : ""}: ${inner}${rsyslogEscape(r.message)}`];
  }),
  // The same without the inner stamp (imklog with `ParseKernelTimestamp`/journald-forwarded kernel lines).
  "syslog-rfc3164-no-uptime": lineWriter((r) => [`${shortStamp(wallOf(r).d)} ${r.host} ${r.ident}${r.pid !== null ? `[${r.pid}]` : ""}: ${rsyslogEscape(r.message)}`]),
  // rsyslog RSYSLOG_FileFormat (high-precision stamps): `2021-12-20T03:17:52.704012+00:00 localhost kernel: [75669.703275] …`
  "syslog-iso": lineWriter((r) => {
    const { d, us } = wallOf(r);
    const inner = isKernel(r) ? `${uptimeStamp(r.uptimeUs)} ` : "";
    return [`${isoSeconds(d)}.${us6(us)}+00:00 ${r.host} ${r.ident}${r.pid !== null ? `[${r.pid}]` : ""}: ${inner}${rsyslogEscape(r.message)}`];
  }),
  // `<3>1 2026-11-26T20:30:51.320556+00:00 sandbox kernel - - - …` (RFC 5424 HEADER SP STRUCTURED-DATA SP MSG)
  "syslog-rfc5424": lineWriter((r) => {
    const { d, us } = wallOf(r);
    return [`<${pri(r)}>1 ${isoSeconds(d)}.${us6(us)}+00:00 ${r.host} ${r.ident} ${r.pid ?? "-"} - - ${rsyslogEscape(r.message)}`];
  }),
  // journalctl -o short: `Nov 26 20:30:51 sandbox kernel: …`
  "journal-short": lineWriter((r) => indented(`${shortStamp(wallOf(r).d)} ${r.host} ${r.ident}${r.pid !== null ? `[${r.pid}]` : ""}: `, r.message)),
  // journalctl -o short-iso: `2026-11-26T20:30:51+0000 sandbox kernel: …`
  "journal-short-iso": lineWriter((r) => indented(`${isoSeconds(wallOf(r).d)}+0000 ${r.host} ${r.ident}${r.pid !== null ? `[${r.pid}]` : ""}: `, r.message)),
  // journalctl -o short-precise: `Nov 26 20:30:51.320556 sandbox kernel: …`
  "journal-short-precise": lineWriter((r) => {
    const { d, us } = wallOf(r);
    return indented(`${shortStamp(d)}.${us6(us)} ${r.host} ${r.ident}${r.pid !== null ? `[${r.pid}]` : ""}: `, r.message);
  }),
  // journalctl -o short-monotonic: `[ 4704.430226] sandbox kernel: …`
  "journal-short-monotonic": lineWriter((r) => indented(`${uptimeStamp(r.uptimeUs)} ${r.host} ${r.ident}${r.pid !== null ? `[${r.pid}]` : ""}: `, r.message)),
  // journalctl -o json: one object per line.
  "journal-json": lineWriter((r, seq) => [JSON.stringify(Object.fromEntries(journalFields(r, seq)))]),
  // journalctl -o export: KEY=value lines, an empty line after each entry.
  "journal-export": lineWriter((r, seq) => [...journalFields(r, seq).flatMap(exportField), ""]),
};

/** Which reader format a writer's output must be read as (the RFC 3164 variant without inner stamp is still RFC 3164). */
export function readerFormat(writer: string): string {
  if (writer === "dmesg-reltime") return "dmesg-delta";
  return writer === "syslog-rfc3164-no-uptime" ? "syslog-rfc3164" : writer;
}

/** The whole file: records' lines (only the first `keepLines` of all physical elements when given), joined by `eol`. */
export function render(w: Wrapped, eol: "\n" | "\r\n", keepLines?: number): { bytes: Buffer; lineCount: number; keptRecords: number[] } {
  const lines: Line[] = [...w.head];
  const owner: number[] = w.head.map(() => -1);
  w.records.forEach((rl, i) => { for (const l of rl) { lines.push(l); owner.push(i); } });
  for (const l of w.tail) { lines.push(l); owner.push(-1); }
  const n = keepLines === undefined ? lines.length : Math.min(keepLines, lines.length);
  // A record is whole when its last line is kept.
  const keptRecords = w.records.map((_, i) => i).filter((i) => {
    const last = owner.lastIndexOf(i);
    return last >= 0 && last < n;
  });
  const end = Buffer.from(eol);
  const bytes = Buffer.concat(lines.slice(0, n).flatMap((l) => [typeof l === "string" ? Buffer.from(l, "utf8") : l, end]));
  return { bytes, lineCount: lines.length, keptRecords };
}
