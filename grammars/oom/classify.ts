import { isStackWords, isTraceLine, parseCpuLine, parseCpuset, parseHardware, parseHeader, parseSuppressed } from "./header.js";
import { parseConstraint, parseGroupKill, parseKilled, parseKillProcess, parsePanic, parseReaper } from "./kill.js";
import type { OomLine } from "./line-types.js";
import { parseCounter, parseKbBag, parsePair, parseStatsFor, parseTaskIn } from "./memcg.js";
import { parseMemInfoLine, parseMemInfoStart, parseSlab } from "./meminfo.js";
import { parseTaskRow, parseTasksHeader, parseTasksTitle } from "./tasks.js";

const UNKNOWN: OomLine = { kind: "unknown" };
const TRACE: OomLine = { kind: "trace" };

/**
 * What one kernel line of an OOM report is. Dispatch is on fixed anchors (cheap string tests, most frequent line
 * shapes first); the fields are read by the Chevrotain field grammar in the section files. Never throws; lines
 * it does not know are `unknown` (tolerated inside a report, never fatal).
 */
export function parseOomLine(line: string): OomLine {
  const t = line.trim();
  if (t.length === 0) return UNKNOWN;
  const c0 = t.charCodeAt(0);
  try {
    // Fast path for the most frequent line of a memcg report, the memory.stat `key value` pair (5.3+): a line of
    // that shape (lower-case key, one space, digits) matches none of the rules below except raw stack words
    // (`deadbeef 12345678`), so it is settled here without running the whole chain.
    if ((c0 >= 97 && c0 <= 122) || c0 === 95) {
      const pair = parsePair(t);
      if (pair) return isStackWords(t) ? TRACE : pair;
    }
    if (c0 === 91 /* [ */) {
      return parseTaskRow(t) ?? parseTasksHeader(t) ?? (isTraceLine(t) ? TRACE : UNKNOWN);
    }
    // The three searches of the whole line share "ill" (kill, Killed): most lines have none and are searched once.
    const ill = t.includes("ill");
    if ((ill && t.includes(" invoked oom-killer: ")) || t.startsWith("oom-killer: gfp_mask=")) return parseHeader(t) ?? UNKNOWN;
    if (t.startsWith("oom-kill:")) return parseConstraint(t) ?? UNKNOWN;
    if (ill && t.includes("Killed process ")) return parseKilled(t) ?? UNKNOWN;
    if (ill && t.includes("ill process ")) return parseKillProcess(t) ?? UNKNOWN;
    if (t.startsWith("oom_reaper: ")) return parseReaper(t) ?? UNKNOWN;
    if (t.startsWith("Linux version ")) return { kind: "boot" };
    const panic = parsePanic(t);
    if (panic) return panic;
    if (isTraceLine(t)) return TRACE;
    const simple =
      parseMemInfoStart(t) ?? parseTaskIn(t) ?? parseCounter(t) ?? parseStatsFor(t) ?? parseTasksTitle(t) ??
      parseGroupKill(t) ?? parseCpuLine(t) ?? parseHardware(t) ?? parseSuppressed(t) ?? parseSlab(t) ??
      parseCpuset(t) ?? parseMemInfoLine(t) ?? parsePair(t) ?? parseKbBag(t);
    return simple ?? UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}
