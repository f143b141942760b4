/**
 * The common line of a syslog file read by hand: `Nov  1 00:00:05 web-01 kernel: [1911.041527] message`: an
 * English month, a day in two columns, a host, an ident (`[pid]` optional), and on kernel lines printk's stamp
 * (caller id optional). Every line of such a file pays for its prefix, and on text made of OOM reports the
 * grammar's prefix lexing (three regular expressions, their match arrays and capture strings, token objects) was
 * a sixth of the run.
 *
 * The grammar (syslog-rfc3164.ts, syslog-prefix.ts) stays the definition: this reader takes only lines whose
 * every character of prefix it can account for and answers `undefined` for any other (a one-digit day, another
 * language's month, no host, a tab or a non-ASCII byte in the prefix, a stamp it cannot finish), which the
 * grammar then reads. On what it takes it gives the grammar's result exactly: test/envelope/short-stamp-line.test.ts
 * compares the two on every fixture line, each cut short at every place of its prefix, and on damaged prefixes.
 */
import { emptyFields, type LineResult } from "./envelope-fields.js";
import { decodeRsyslogEscapes } from "./clock-text.js";

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
 * `line` read as makeShortStampParser(…, SHORT_STAMP, decodeEscapes) reads it, or undefined when the line is not
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

  // `host `: a word not ending with `:` (a word ending so is the ident of a line without host: grammar).
  let at = 16;
  while (at < line.length && word(line.charCodeAt(at))) at++;
  if (at === 16 || at === line.length || line.charCodeAt(at) !== SPACE || line.charCodeAt(at - 1) === COLON) return undefined;
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
    // `[ 1911.041527] ` then an optional `[  T123] `: printk's stamp and caller id.
    at++;
    while (line.charCodeAt(at) === SPACE) at++;
    const intStart = at;
    while (digit(line.charCodeAt(at)) >= 0) at++;
    const intEnd = at;
    if (intEnd === intStart || line.charCodeAt(at) !== DOT) return undefined;
    const fracStart = ++at;
    while (digit(line.charCodeAt(at)) >= 0) at++;
    if (at === fracStart || line.charCodeAt(at) !== CLOSE) return undefined;
    uptime = decimal(line, intStart, intEnd, at);
    at++;
    if (line.charCodeAt(at) === SPACE) at++;
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
  }

  const body = line.slice(at);
  const fields = emptyFields(decodeEscapes ? decodeRsyslogEscapes(body) : body);
  fields.yearless = { month, day: d4 * 10 + d5, msOfDay: (h * 3600 + m * 60 + s) * 1000 };
  fields.host = line.slice(16, hostEnd);
  fields.ident = ident;
  fields.uptime = uptime;
  fields.callerId = callerId;
  return { kind: "start", fields, messageColumn: at };
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
