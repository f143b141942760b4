/**
 * Reading the clocks printed in envelopes: uptime stamps, ISO 8601 stamps, ctime stamps in any
 * locale, and year-less syslog stamps. Pure functions; no Date parsing of free text (locale-proof).
 *
 * Local times (dmesg -T, RFC 3164, journalctl short) carry no zone: they are read as UTC. A log
 * written with TZ=Europe/Berlin therefore reads one or two hours late; the ordering and the
 * intervals between records are unaffected, which is what correlation needs.
 */
import type { YearlessTime } from "./envelope-fields.js";

/** `   12.345678` → 12.345678 */
export function parseSeconds(text: string): number {
  return Number(text.trim());
}

/** Fraction digits `467263` → milliseconds 467.263 */
export function fractionMs(digits: string | undefined): number {
  if (digits === undefined || digits.length === 0) return 0;
  return Number("0." + digits) * 1000;
}

export function utcMs(year: number, month0: number, day: number, h: number, m: number, s: number, fraction?: string): number {
  return Date.UTC(year, month0, day, h, m, s) + fractionMs(fraction);
}

/**
 * `2026-11-26T19:29:43,467263+00:00`, `2024-01-02T03:04:05.123456+00:00`,
 * `2026-11-26T19:29:43+0000`, `…Z`, or no zone (read as UTC).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

export function isoToMs(text: string): number | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  const local = utcMs(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7]);
  return local - zoneOffsetMs(m[8]);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === "Z") return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/**
 * Month abbreviations as glibc prints `%b` in the locales seen in real `dmesg -T` output and
 * syslog files. Keys are lower-case without the trailing dot; lookup also tries the first 4 and
 * first 3 letters, so full names (`mars`, `juin`, `juillet`) resolve too.
 */
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  // en, de, fr, es, it, pt, nl, ru (ru: genitive and nominative stems)
  ["jan", "jän", "janv", "ene", "gen", "янв"],
  ["feb", "févr", "fevr", "fév", "fev", "фев"],
  ["mar", "mär", "mrz", "mars", "mrt", "мар"],
  ["apr", "avr", "abr", "апр"],
  ["may", "mai", "mag", "mei", "май", "мая"],
  ["jun", "juin", "giu", "июн"],
  ["jul", "juil", "lug", "июл"],
  ["aug", "août", "aout", "ago", "авг"],
  ["sep", "sept", "set", "сен"],
  ["oct", "okt", "ott", "out", "окт"],
  ["nov", "ноя"],
  ["dec", "dez", "déc", "dic", "дек"],
];
MONTH_NAMES.forEach((names, month) => {
  for (const n of names) MONTHS[n] = month;
});

/**
 * The last month word looked up and its index: a log's lines carry the same month word for days
 * on end, so the common case is one string comparison instead of a regex, a lower-casing and
 * up to three table lookups per line.
 */
let lastMonthWord = "";
let lastMonth: number | null = null;

/** `Nov`, `nov.`, `déc.`, `Okt`, `11月` (zh/ja), `11월` (ko) → 0..11, or null. */
export function monthIndex(word: string): number | null {
  if (word === lastMonthWord) return lastMonth;
  const month = lookUpMonth(word);
  lastMonthWord = word;
  lastMonth = month;
  return month;
}

function lookUpMonth(word: string): number | null {
  const digits = /^(\d{1,2})/.exec(word);
  if (digits !== null) {
    const n = Number(digits[1]);
    return n >= 1 && n <= 12 ? n - 1 : null;
  }
  const w = word.toLowerCase().replace(/\.$/, "");
  return MONTHS[w] ?? MONTHS[w.slice(0, 4)] ?? MONTHS[w.slice(0, 3)] ?? null;
}

/** Month word, day, `HH:MM:SS`, optional fraction → YearlessTime. */
export function yearless(monthWord: string, day: string, h: string, m: string, s: string, fraction?: string): YearlessTime | null {
  const month = monthIndex(monthWord);
  if (month === null) return null;
  return { month, day: smallInt(day), msOfDay: (smallInt(h) * 3600 + smallInt(m) * 60 + smallInt(s)) * 1000 + fractionMs(fraction) };
}

/** `7`, `07`, `23` → the number, like Number() (every syslog line has four of these). */
function smallInt(text: string): number {
  const a = text.charCodeAt(0) - 0x30;
  if (text.length === 1 && a >= 0 && a <= 9) return a;
  const b = text.charCodeAt(1) - 0x30;
  if (text.length === 2 && a >= 0 && a <= 9 && b >= 0 && b <= 9) return a * 10 + b;
  return Number(text);
}

/** rsyslog escapes control characters as `#ooo` (octal); `#012` is the newline of a multi-line kernel record. */
const RSYSLOG_ESCAPE = /#0([0-3][0-7])/g;
export function decodeRsyslogEscapes(message: string): string {
  if (!message.includes("#0")) return message;
  return message.replace(RSYSLOG_ESCAPE, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}
