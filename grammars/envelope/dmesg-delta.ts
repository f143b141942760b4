/**
 * util-linux dmesg's time formats built on the time between records (dmesg.c print_record()):
 *
 * - `dmesg -d` (`--show-delta`): `[26356.117409 <    0.000001>] message`, `"[%5ld.%06ld <%12.6f>] "`: the uptime,
 *   then the seconds since the previous record;
 * - `--time-format delta`: `[<    0.000017>] message`, `"[<%12.6f>] "`: only the seconds since the previous record;
 * - `dmesg -e` (`--reltime`, also what `dmesg -H` pages): `[Nov27 04:24] message` (`"[%b%d %H:%M] "`, local time) on
 *   the first record of each minute, `[  +0.000017] message` (`"[  %+8.6f] "`, `"[ %+9.6f] "` from 10 s) on the others.
 *
 * Each may be followed by the printk caller id (`[    T123] `), as with the default format.
 *
 * Clocks: `-d` gives the uptime; `delta` gives neither clock (only the gaps); `-e` gives the minute of its stamp
 * lines, read as the wall time at that minute's start (as UTC, no year: the reader infers it), and the records after
 * it that time plus the gaps summed since (so at most a minute early). Without these stamps the kill lines of such
 * output were read as plain text and lost.
 */
import { emptyFields, type EnvelopeFields, type EnvelopeFormat, type LineDecoder, type LineResult, type YearlessTime } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken, type PrefixLexer } from "./prefix-lexer.js";
import { CALLER_ID, OPEN_BRACKET, callerOf } from "./dmesg-prefix.js";
import { yearless } from "./clock-text.js";
import type { IToken, TokenType } from "../chevrotain.js";

/** `[26356.117409 <    0.000001>] ` */
export const TIME_DELTA_STAMP = /\[ *(\d+\.\d+) <\s*-?\d+\.\d+>\] ?/;
/** `[<    0.000017>] ` */
export const DELTA_STAMP = /\[<\s*-?\d+\.\d+>\] ?/;
/** `[Nov27 04:24] `: month word in the reader's locale (`nov.27`, `11月27`), two-digit day, `HH:MM`. */
export const MINUTE_STAMP = /\[([^\s\]]*?[^\s\d\]])(\d{2}) (\d{2}):(\d{2})\] ?/;
/** `[  +0.000017] `, `[ +32.124659] ` */
export const GAP_STAMP = /\[ *([+-]\d+\.\d+)\] ?/;

/** The four stamps, each after `after` (the line start, or dmesg -x's facility and level), and a caller id after any. */
export function deltaStampTokens(prefix: string, after: ReadonlyArray<TokenType | typeof LINE_START>): { stamps: TokenType[]; caller: TokenType } {
  const stamps = [
    prefixToken(`${prefix}TimeDelta`, TIME_DELTA_STAMP, after),
    prefixToken(`${prefix}Delta`, DELTA_STAMP, after),
    prefixToken(`${prefix}Minute`, MINUTE_STAMP, after),
    prefixToken(`${prefix}Gap`, GAP_STAMP, after),
  ];
  return { stamps, caller: prefixToken(`${prefix}DeltaCaller`, CALLER_ID, stamps) };
}

/**
 * The clock of a run of `-e` records: the last minute stamp, and the gaps summed since it. One per decoder (the
 * gaps only mean something in the order the records were printed).
 */
export class RelativeClock {
  private minute: YearlessTime | null = null;
  private since = 0;

  /** A minute stamp's groups (month word, day, hour, minute): its time, which the next gaps count from. */
  atMinute(g: RegExpExecArray): YearlessTime | null {
    this.minute = yearless(g[1], g[2], g[3], g[4], "00");
    this.since = 0;
    return this.minute;
  }

  /** A gap stamp's seconds: the time of its record, or null before any minute stamp. */
  afterGap(seconds: number): YearlessTime | null {
    if (this.minute === null || !Number.isFinite(seconds)) return null;
    this.since += seconds;
    return { month: this.minute.month, day: this.minute.day, msOfDay: this.minute.msOfDay + this.since * 1000 };
  }
}

/** Fills `fields` from `t` when it is a delta-family stamp or their caller id (any other token is left alone). */
export function readDeltaToken(t: IToken, tokens: { stamps: TokenType[]; caller: TokenType }, clock: RelativeClock, fields: EnvelopeFields): void {
  const [timeDelta, , minute, gap] = tokens.stamps; // the `delta` stamp is a gap with no clock to add it to
  if (t.tokenType === timeDelta) fields.uptime = Number(groups(t)[1]);
  else if (t.tokenType === minute) fields.yearless = clock.atMinute(groups(t));
  else if (t.tokenType === gap) fields.yearless = clock.afterGap(Number(groups(t)[1]));
  else if (t.tokenType === tokens.caller) fields.callerId = callerOf(t);
}

const tokens = deltaStampTokens("Dmesg", [LINE_START]);
const lexer: PrefixLexer = prefixLexer([...tokens.stamps, tokens.caller]);

/** One line as a fresh decoder reads it (for detection: the minute and gap stamps' clocks need the lines before). */
export function parseDmesgDeltaLine(line: string, clock = new RelativeClock()): LineResult | null {
  if (line.charCodeAt(0) !== OPEN_BRACKET) return null;
  const { tokens: found, messageStart } = lexPrefix(lexer, line);
  if (found.length === 0) return null;
  const fields = emptyFields(line.slice(messageStart));
  for (const t of found) readDeltaToken(t, tokens, clock, fields);
  return { kind: "start", fields, messageColumn: messageStart };
}

/** A decoder reading each line with `parse` and one clock for the whole input (`-e` gaps add up in print order). */
export function clockedDecoder(parse: (line: string, clock: RelativeClock) => LineResult | null): LineDecoder {
  const clock = new RelativeClock();
  return { decode: (line) => parse(line, clock), finish: () => null };
}

export const dmesgDelta: EnvelopeFormat = {
  name: "dmesg-delta",
  description: "dmesg -d, --time-format delta, dmesg -e/-H: [uptime <gap>], [<gap>], [Nov27 04:24] and [  +gap] stamps",
  matches: (line) => parseDmesgDeltaLine(line) !== null,
  createDecoder: () => clockedDecoder(parseDmesgDeltaLine),
  structured: false,
  samples: [
    {
      line: "[26356.117442 <    0.000017>] Memory cgroup out of memory: Killed process 12325 (python3) total-vm:42268kB, anon-rss:32384kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:124kB oom_score_adj:0",
      from: "this-machine/delta/dmesg-d.txt line 12",
      expect: {
        uptime: 26356.117442,
        wall: null,
        yearless: null,
        message: "Memory cgroup out of memory: Killed process 12325 (python3) total-vm:42268kB, anon-rss:32384kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:124kB oom_score_adj:0",
      },
    },
    {
      line: "[<    0.000017>] Memory cgroup out of memory: Killed process 12325 (python3) total-vm:42268kB, anon-rss:32384kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:124kB oom_score_adj:0",
      from: "this-machine/delta/dmesg-delta.txt line 12",
      expect: { uptime: null, wall: null, yearless: null, message: "Memory cgroup out of memory: Killed process 12325 (python3) total-vm:42268kB, anon-rss:32384kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:124kB oom_score_adj:0" },
    },
    {
      line: "[Nov27 04:24] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
      from: "this-machine/delta/dmesg-e.txt line 92",
      expect: { uptime: null, yearless: { month: 10, day: 27, msOfDay: (4 * 60 + 24) * 60_000 }, message: "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0" },
    },
    {
      // A gap with no minute stamp before it (the first line of a cut): no clock, the message all the same.
      line: "[  +0.000017] Memory cgroup out of memory: Killed process 12325 (python3) total-vm:42268kB, anon-rss:32384kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:124kB oom_score_adj:0",
      from: "this-machine/delta/dmesg-e.txt line 12",
      expect: { uptime: null, yearless: null, message: "Memory cgroup out of memory: Killed process 12325 (python3) total-vm:42268kB, anon-rss:32384kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:124kB oom_score_adj:0" },
    },
  ],
};
