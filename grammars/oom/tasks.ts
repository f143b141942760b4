import type { IToken } from "../chevrotain.js";
import { Int, intValue, isBlank, isDigit, lexLine, RBracket } from "./lexer.js";
import type { LineSample, OomLine } from "./line-types.js";

/** The task dump: dump_tasks() / dump_task() mm/oom_kill.c (only when vm.oom_dump_tasks != 0). */

/** `"Tasks state (memory values in pages):"` — dump_tasks(), 4.19 → 6.18. */
export function parseTasksTitle(t: string): OomLine | null {
  return t.startsWith("Tasks state") ? { kind: "tasks-title" } : null;
}

/**
 * The column header; the columns are read from it, never assumed:
 * `[ pid ]   uid  tgid total_vm      rss cpu oom_adj name` (2.6.31–35), `… cpu oom_adj oom_score_adj name`
 * (2.6.36–3.6, RHEL6), `… rss nr_ptes swapents oom_score_adj name` (3.7–3.19), `… nr_ptes nr_pmds swapents …`
 * (4.0–4.14), `… pgtables_bytes swapents …` (4.15+; `[  pid  ]` from 4.19), `… rss rss_anon rss_file rss_shmem
 * pgtables_bytes …` (6.8+).
 */
export function parseTasksHeader(t: string): OomLine | null {
  if (!t.startsWith("[")) return null;
  const close = t.indexOf("]");
  if (close < 0 || t.slice(1, close).trim() !== "pid") return null;
  const columns = t.slice(close + 1).trim().split(/\s+/);
  return columns.length >= 2 ? { kind: "tasks-header", columns } : null;
}

/**
 * One row: `"[%5d] %5d %5d %8lu %8lu …         %5hd %s"` (`[%7d]` 4.19+). The name is the rest of the line after the
 * numeric columns (it may contain spaces); the builder cuts it with the header's column count.
 *
 * Read with a character scan that takes exactly what parseTaskRowByTokens takes from the OOM lexer's tokens (tested
 * equal on every fixture line and on generated rows): a report holds one row per process, hundreds on a big host,
 * and lexing each cost ~1 µs. The tokens the lexer could make of a row's numeric part are `[`, `]`, blanks
 * (`[ \t\r]+`), Int (`-?\d+`) and, when a number is glued to what follows, Size (`12kB`), Hex (`0x1f`) or anything
 * else: all of those end the numbers, as a glued Int does.
 */
export function parseTaskRow(t: string): OomLine | null {
  if (!t.startsWith("[")) return null;
  // `[`, blanks, the pid, blanks, `]` (`[<ffffffff…>]` trace lines end here).
  let i = skipBlanks(t, 1);
  const pidEnd = intEnd(t, i);
  if (pidEnd < i) return null;
  const close = skipBlanks(t, pidEnd + 1);
  if (t.charCodeAt(close) !== 0x5d /* ] */) return null;
  const numbers: number[] = [intValue(t, i, pidEnd + 1)];
  const numberEnds: number[] = [close];
  i = close + 1;
  for (;;) {
    i = skipBlanks(t, i);
    if (i >= t.length) break;
    const last = intEnd(t, i);
    // Not a number, or a number glued to the next character (`12abc`, `12kB`, `0x1f`, `12-3`): the name starts here.
    if (last < i || (last + 1 < t.length && !isBlank(t.charCodeAt(last + 1)))) break;
    numbers.push(intValue(t, i, last + 1));
    numberEnds.push(last);
    i = last + 1;
  }
  if (numbers.length < 3) return null;
  return { kind: "task-row", numbers, numberEnds, text: t };
}

function skipBlanks(t: string, i: number): number {
  while (i < t.length && isBlank(t.charCodeAt(i))) i++;
  return i;
}

/** Index of the last character of an Int (`-?\d+`) starting at `i`; i - 1 when none starts there. */
function intEnd(t: string, i: number): number {
  let j = t.charCodeAt(i) === 0x2d /* - */ ? i + 1 : i;
  const digitsFrom = j;
  while (j < t.length && isDigit(t.charCodeAt(j))) j++;
  return j > digitsFrom ? j - 1 : i - 1;
}

/** parseTaskRow through the OOM lexer's tokens: the reference the character scan is tested against. */
export function parseTaskRowByTokens(t: string): OomLine | null {
  if (!t.startsWith("[") || !startsWithInt(t, 1)) return null;
  const tokens = lexLine(t);
  // tokens: "[" Int "]" Int* …
  if (tokens.length < 3 || tokens[1].tokenType !== Int || tokens[2].tokenType !== RBracket) return null;
  const numbers: number[] = [Number(tokens[1].image)];
  const numberEnds: number[] = [end(tokens[2])];
  for (let i = 3; i < tokens.length; i++) {
    const tk = tokens[i];
    if (tk.tokenType !== Int) break;
    // A number glued to the next token (`12abc`) is part of the name, not a column.
    const next = tokens[i + 1];
    if (next && next.startOffset === end(tk) + 1) break;
    numbers.push(Number(tk.image));
    numberEnds.push(end(tk));
  }
  if (numbers.length < 3) return null;
  return { kind: "task-row", numbers, numberEnds, text: t };
}

/** Does an `Int` token (`-?\d+`) start at `i`, after blanks? (A cheap necessary condition for a task row.) */
function startsWithInt(t: string, i: number): boolean {
  const from = skipBlanks(t, i);
  return intEnd(t, from) >= from;
}

/** Offset of a token's last character (the lexer tracks start offsets only). */
function end(tk: IToken): number {
  return tk.startOffset + tk.image.length - 1;
}

export const samples: LineSample[] = [
  { line: "Tasks state (memory values in pages):", from: "peers/OOMAnalyser example_ubuntu2110 (5.13)", expect: { kind: "tasks-title" } },
  {
    line: "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name",
    from: "seed (4.4.0-130)",
    expect: { kind: "tasks-header", columns: ["uid", "tgid", "total_vm", "rss", "nr_ptes", "nr_pmds", "swapents", "oom_score_adj", "name"] },
  },
  {
    line: "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
    from: "go-leak/logs/dmesg.txt (6.18)",
    expect: { kind: "tasks-header", columns: ["uid", "tgid", "total_vm", "rss", "rss_anon", "rss_file", "rss_shmem", "pgtables_bytes", "swapents", "oom_score_adj", "name"] },
  },
  {
    line: "[11344]     0 11344    97590    46185     113       5        0             0 main",
    from: "seed (4.4.0-130)",
    expect: { kind: "task-row", numbers: [11344, 0, 11344, 97590, 46185, 113, 5, 0, 0] },
  },
  {
    line: "[23447]     0 23447    16565       31   4     -17         -1000 sshd",
    from: "peers/out-of-memory/messages (RHEL6, cpu oom_adj columns)",
    expect: { kind: "task-row", numbers: [23447, 0, 23447, 16565, 31, 4, -17, -1000] },
  },
  {
    line: "[1833436]     0 1833436    42653      656   102400        0             0 (sd-pam)",
    from: "peers/OOMAnalyser example_proxmox_cgroup_oom (7-digit pid)",
    expect: { kind: "task-row", numbers: [1833436, 0, 1833436, 42653, 656, 102400, 0, 0] },
  },
];
