/**
 * The common log lines read by hand: RFC 3164 syslog `Nov  1 00:00:05 web-01 kernel: [1911.041527] message` (an
 * English month, a day in two columns), rsyslog's high-precision `2026-11-27T04:07:38.298412+00:00 vm kernel: [25412.984066]
 * message` — each with a host, an ident (`[pid]` optional) and on kernel lines printk's stamp (caller id optional) —
 * and dmesg's own `[ 1911.041527] message`. Every line of such a log pays for its prefix, and on text made of OOM
 * reports the grammar's prefix lexing (three regular expressions, their match arrays and capture strings, token
 * objects) was a sixth of the run.
 *
 * The grammars (syslog-rfc3164.ts, iso-stamp-syslog.ts, syslog-prefix.ts, dmesg.ts) stay the definition: these
 * readers take only lines whose every character of prefix they can account for and answer `undefined` for any other
 * (a one-digit day, another language's month, no host, a tab or a non-ASCII byte in the prefix, a stamp they cannot
 * finish), which the grammar then reads. On what they take they give the grammar's result exactly:
 * test/envelope/common-syslog-line.test.ts compares the two on every fixture line, each cut short at every place of
 * its prefix, and on damaged prefixes.
 */
import { emptyFields, type EnvelopeFields, type LineResult } from "./envelope-fields.js";
import { decodeRsyslogEscapes } from "./clock-text.js";

/** A reader of a format's common line: the grammar's result, or undefined to leave the line to the grammar. */
export type HandReader = (line: string, decodeEscapes: boolean) => LineResult | undefined;

const SPACE = 0x20;
const COLON = 0x3a;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const DOT = 0x2e;

/** English month abbreviations by their three char codes (`Nov` → 10): what glibc's `%b` prints in the C locale. */
const MONTHS = new Map<number, number>(
  ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map((m, i) => [code3(m, 0), i]),
);

function code3(s: string, at: number): number {
  return (s.charCodeAt(at) << 16) | (s.charCodeAt(at + 1) << 8) | s.charCodeAt(at + 2);
}

function digit(c: number): number {
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
}

/** The two digits at line[at, at + 2) as a number, -1 when they are not two digits. */
function twoDigits(line: string, at: number): number {
  const a = digit(line.charCodeAt(at));
  const b = digit(line.charCodeAt(at + 1));
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** A printable ASCII character other than a space: what the fast path accepts in a host or an ident. */
function word(c: number): boolean {
  return c > SPACE && c < 0x7f;
}

/**
 * `line` read as the grammar, makeShortStampParser(…, SHORT_STAMP, decodeEscapes), reads it, or undefined when the line is not
 * of the common shape (the grammar decides).
 */
export function readCommonShortStampLine(line: string, decodeEscapes: boolean): LineResult | undefined {
  // `Mmm dd hh:mm:ss `: sixteen columns.
  if (line.length < 18 || line.charCodeAt(3) !== SPACE || line.charCodeAt(6) !== SPACE || line.charCodeAt(15) !== SPACE) return undefined;
  if (line.charCodeAt(9) !== COLON || line.charCodeAt(12) !== COLON) return undefined;
  if ((line.charCodeAt(0) | line.charCodeAt(1) | line.charCodeAt(2)) >= 0x80) return undefined;
  const month = MONTHS.get(code3(line, 0));
  if (month === undefined) return undefined;
  const d4 = line.charCodeAt(4) === SPACE ? 0 : digit(line.charCodeAt(4));
  const d5 = digit(line.charCodeAt(5));
  const h = twoDigits(line, 7);
  const m = twoDigits(line, 10);
  const s = twoDigits(line, 13);
  if (d4 < 0 || d5 < 0 || h < 0 || m < 0 || s < 0) return undefined;
  const tail = readTail(line, 16, decodeEscapes);
  if (tail === undefined) return undefined;
  tail.fields.yearless = { month, day: d4 * 10 + d5, msOfDay: (h * 3600 + m * 60 + s) * 1000 };
  return { kind: "start", fields: tail.fields, messageColumn: tail.at };
}

/**
 * `line` read as the syslog-iso parser (makeIsoStampParser with its `YYYY-MM-DDTHH:MM:SS.frac±HH:MM ` stamp) reads
 * it, or undefined when the line is not of the common shape (the grammar decides).
 */
export function readCommonIsoStampLine(line: string, decodeEscapes: boolean): LineResult | undefined {
  // `2026-11-27T04:07:38.` then fraction digits, then `Z`, `+HH:MM`, `+HHMM` (or `-`), then a space.
  if (line.length < 24 || line.charCodeAt(4) !== 0x2d || line.charCodeAt(7) !== 0x2d || line.charCodeAt(10) !== 0x54 /* T */) return undefined;
  if (line.charCodeAt(13) !== COLON || line.charCodeAt(16) !== COLON || line.charCodeAt(19) !== DOT) return undefined;
  const century = twoDigits(line, 0);
  const yy = twoDigits(line, 2);
  const month = twoDigits(line, 5);
  const day = twoDigits(line, 8);
  const h = twoDigits(line, 11);
  const m = twoDigits(line, 14);
  const s = twoDigits(line, 17);
  if (century < 0 || yy < 0 || month < 0 || day < 0 || h < 0 || m < 0 || s < 0) return undefined;
  const year = century * 100 + yy;
  let at = 20;
  while (digit(line.charCodeAt(at)) >= 0) at++;
  if (at === 20 || at - 20 > 15) return undefined;
  const fractionMs = (decimal(line, 19, 19, at) * 1000);
  let offsetMs = 0;
  const z = line.charCodeAt(at);
  if (z === 0x5a /* Z */) at++;
  else if (z === 0x2b /* + */ || z === 0x2d /* - */) {
    const hh = twoDigits(line, at + 1);
    const colon = line.charCodeAt(at + 3) === COLON ? 1 : 0;
    const mm = twoDigits(line, at + 3 + colon);
    if (hh < 0 || mm < 0) return undefined;
    offsetMs = (z === 0x2d ? -1 : 1) * (hh * 60 + mm) * 60_000;
    at += 5 + colon;
  } else return undefined;
  if (line.charCodeAt(at) !== SPACE) return undefined;
  const tail = readTail(line, at + 1, decodeEscapes);
  if (tail === undefined) return undefined;
  tail.fields.wall = Date.UTC(year, month - 1, day, h, m, s) + fractionMs - offsetMs;
  return { kind: "start", fields: tail.fields, messageColumn: tail.at };
}

/**
 * What follows a stamp: `host ident[pid]: ` and, on kernel lines, printk's stamp and caller id; the fields with
 * everything but the stamp's clock, and where the message starts. Undefined when not of the common shape.
 */
function readTail(line: string, from: number, decodeEscapes: boolean): { fields: EnvelopeFields; at: number } | undefined {
  // `host `: a word not ending with `:` (a word ending so is the ident of a line without host: grammar).
  let at = from;
  while (at < line.length && word(line.charCodeAt(at))) at++;
  if (at === from || at === line.length || line.charCodeAt(at) !== SPACE || line.charCodeAt(at - 1) === COLON) return undefined;
  const hostEnd = at;
  // `ident[pid]: `
  const identStart = ++at;
  for (let c = line.charCodeAt(at); at < line.length && word(c) && c !== OPEN && c !== CLOSE && c !== COLON; c = line.charCodeAt(++at));
  const identEnd = at;
  if (identEnd === identStart || at === line.length) return undefined;
  if (line.charCodeAt(at) === OPEN) {
    const pidStart = ++at;
    while (digit(line.charCodeAt(at)) >= 0) at++;
    if (at === pidStart || line.charCodeAt(at) !== CLOSE) return undefined;
    at++;
  }
  if (line.charCodeAt(at) !== COLON) return undefined;
  at++;
  if (line.charCodeAt(at) === SPACE) at++;

  const ident = line.slice(identStart, identEnd);
  let uptime: number | null = null;
  let callerId: string | null = null;
  if (ident === "kernel" && line.charCodeAt(at) === OPEN) {
    const stamp = readPrintkStamp(line, at);
    if (stamp === undefined) return undefined;
    ({ uptime, callerId, at } = stamp);
  }

  const body = line.slice(at);
  const fields = emptyFields(decodeEscapes ? decodeRsyslogEscapes(body) : body);
  fields.host = line.slice(from, hostEnd);
  fields.ident = ident;
  fields.uptime = uptime;
  fields.callerId = callerId;
  return { fields, at };
}

/**
 * `line` read as dmesg.ts's grammar reads util-linux dmesg's default line (`[ 1911.041527] message`, caller id
 * optional), or undefined when the stamp is not of the common shape (the grammar decides).
 */
export function readCommonDmesgLine(line: string): LineResult | undefined {
  const stamp = readPrintkStamp(line, 0);
  if (stamp === undefined) return undefined;
  const fields = emptyFields(line.slice(stamp.at));
  fields.uptime = stamp.uptime;
  fields.callerId = stamp.callerId;
  return { kind: "start", fields, messageColumn: stamp.at };
}

/**
 * printk's stamp at line[from] (a `[`) as PRINTK_STAMP reads it — `[ 1911.041527] ` then an optional `[  T123] ` —
 * and where what follows starts; undefined when the stamp is not there whole.
 */
function readPrintkStamp(line: string, from: number): { uptime: number; callerId: string | null; at: number } | undefined {
  if (line.charCodeAt(from) !== OPEN) return undefined;
  let at = from + 1;
  while (line.charCodeAt(at) === SPACE) at++;
  const intStart = at;
  while (digit(line.charCodeAt(at)) >= 0) at++;
  const intEnd = at;
  if (intEnd === intStart || line.charCodeAt(at) !== DOT) return undefined;
  const fracStart = ++at;
  while (digit(line.charCodeAt(at)) >= 0) at++;
  if (at === fracStart || line.charCodeAt(at) !== CLOSE) return undefined;
  const uptime = decimal(line, intStart, intEnd, at);
  at++;
  if (line.charCodeAt(at) === SPACE) at++;
  let callerId: string | null = null;
  // The caller id is optional: a `[` that does not open one starts the message (`[drm] …`).
  if (line.charCodeAt(at) === OPEN) {
    let c = at + 1;
    while (line.charCodeAt(c) === SPACE) c++;
    const callerStart = c;
    const tc = line.charCodeAt(c);
    if (tc === 0x54 /* T */ || tc === 0x43 /* C */) {
      const digits = ++c;
      while (digit(line.charCodeAt(c)) >= 0) c++;
      if (c > digits && line.charCodeAt(c) === CLOSE) {
        callerId = line.slice(callerStart, c);
        at = c + 1;
        if (line.charCodeAt(at) === SPACE) at++;
      }
    }
  }
  return { uptime, callerId, at };
}

/**
 * `int.frac` at line[intStart, fracEnd) (the dot at intEnd) as Number() reads it: both are the double nearest
 * to the decimal, since a quotient of two integers below 2^53 is rounded once. Longer numbers go to Number().
 */
function decimal(line: string, intStart: number, intEnd: number, fracEnd: number): number {
  const digits = fracEnd - intStart - 1;
  if (digits > 15) return Number(line.slice(intStart, fracEnd));
  let n = 0;
  for (let i = intStart; i < fracEnd; i++) if (i !== intEnd) n = n * 10 + (line.charCodeAt(i) - 0x30);
  return n / POWERS_OF_TEN[fracEnd - intEnd - 1];
}
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
