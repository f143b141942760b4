/** Reading the `dmesg -T` ctime stamp token (shared by dmesg-ctime and dmesg-decode). */
import type { IToken } from "../chevrotain.js";
import { groups } from "./prefix-lexer.js";
import { monthIndex, utcMs } from "./clock-text.js";

/** Wall ms (read as UTC), or null when the month word is not one we know. */
export function ctimeWall(token: IToken): number | null {
  const g = groups(token);
  const month = monthIndex(g[1]);
  if (month === null) return null;
  return utcMs(Number(g[6]), month, Number(g[2]), Number(g[3]), Number(g[4]), Number(g[5]));
}
