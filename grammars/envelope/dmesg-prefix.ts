/**
 * Prefix pieces shared by the dmesg family: the printk time stamp and the printk caller id.
 *
 * printk prints `[%5lu.%06lu]` (kernel/printk/printk.c print_time()); util-linux dmesg pads the
 * seconds to 5 columns. With CONFIG_PRINTK_CALLER (4.19+) the caller follows as `[    T123]`
 * (task id) or `[     C1]` (CPU id, in interrupt context), padded to 6 columns.
 */
import type { IToken } from "../chevrotain.js";
import { groups } from "./prefix-lexer.js";

/** `[   12.345678] ` (one separating space, which is not part of the message). */
export const UPTIME_STAMP = /\[ *(\d+\.\d+)\] ?/;
/** `[    T123] ` / `[     C1] ` */
export const CALLER_ID = /\[ *([TC]\d+)\] ?/;
/**
 * The printk stamp and the caller id that may follow it, as one token: printk prints them together
 * (info_print_prefix(): print_time() then print_caller()), and nothing else can come between.
 * Group 1 is the uptime, group 2 the caller id (undefined without CONFIG_PRINTK_CALLER). Lexing
 * them as one token rather than two saves a token and a failed caller match on every line; the
 * optional caller at the end cannot change where the stamp ends, so the result is the same.
 */
export const PRINTK_STAMP = new RegExp(UPTIME_STAMP.source + "(?:" + CALLER_ID.source + ")?");

/** The uptime of an UPTIME_STAMP or PRINTK_STAMP token. */
export function uptimeOf(token: IToken): number {
  return Number(groups(token)[1]);
}

/** The caller id of a CALLER_ID token. */
export function callerOf(token: IToken): string {
  return groups(token)[1];
}

/** The caller id of a PRINTK_STAMP token, null when the kernel printed none. */
export function printkCallerOf(token: IToken): string | null {
  return groups(token)[2] ?? null;
}

/** syslog(2) severities by the names `dmesg -x` prints (util-linux level_names). */
export const LEVEL_NAMES: Record<string, number> = {
  emerg: 0,
  alert: 1,
  crit: 2,
  err: 3,
  warn: 4,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/** The `[` char code: every bracketed stamp line starts with it (cheap pre-test before lexing). */
export const OPEN_BRACKET = 0x5b;

/**
 * `dmesg -T` stamp `[%a %b %e %H:%M:%S %Y]` in the reader's locale: `[Thu Nov 26 19:29:43 2026]`,
 * `[Di Aug 12 03:54:03 2025]`, `[ven. nov. 28 07:26:44 2025]`, `[五 11月 28 07:26:44 2025]`.
 * The day name is skipped (any non-digit word); the month is a word or digits+suffix (`11月`).
 */
export const CTIME_STAMP = /\[(?:[^\s\d\]]+ +)?([^\s\d\]][^\s\]]*|\d{1,2}[^\s\d\]]+) +(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (\d{4})\] ?/;

/** `dmesg --time-format iso`: `2026-11-26T19:29:43,467263+00:00 ` (comma before the micros). */
export const DMESG_ISO_STAMP = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2},\d+[+-]\d{2}:?\d{2}) ?/;
