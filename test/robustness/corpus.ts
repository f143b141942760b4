// Test helper: the real reports of the corpus fixtures, read by the real envelope layer, as record lists
// that the robustness tests cut, thin out, interleave and re-assemble.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseOomLine } from "../../grammars/oom/classify.js";
import type { OomEvent } from "../../src/events/oom-event.js";
import type { LogRecord } from "../../src/records/log-record.js";
import { createRecordReader } from "../../src/records/record-reader.js";
import { splitMessage } from "../../src/assemble/split-lines.js";
import { assemble } from "../assemble/run.js";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** Every file under test/fixtures/oom/ and the go-leak envelope variants (test/fixtures/envelope/go-leak/). */
export function corpusFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).sort().flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return [...walk(path.join(FIXTURES_DIR, "oom")), ...walk(path.join(FIXTURES_DIR, "envelope/go-leak"))];
}

export function recordsOfFile(file: string): { records: LogRecord[]; format: string | null } {
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const reader = createRecordReader({ source: path.relative(FIXTURES_DIR, file), mtime: statSync(file).mtime });
  const records: LogRecord[] = [];
  lines.forEach((l, i) => records.push(...reader.push(l.replace(/\r$/, ""), i + 1)));
  records.push(...reader.end());
  return { records, format: reader.format() };
}

/** One real report: the records from its first line to its last, and the event it makes alone. */
export interface CorpusReport {
  name: string;
  records: LogRecord[];
  event: OomEvent;
}

/** Every report of the corpus that ends in a kill (the assembler's own ranges locate them). */
export function corpusReports(): CorpusReport[] {
  const out: CorpusReport[] = [];
  for (const file of corpusFiles()) {
    const { records } = recordsOfFile(file);
    for (const e of assemble(records)) {
      if (e.killer !== "kernel" || e.kills.length === 0 || e.kills.some((k) => k.line === undefined)) continue;
      const recs = records.filter((r) => r.line >= e.source.lineStart && r.line <= e.source.lineEnd);
      const alone = assemble(recs).filter((x) => x.kills.length > 0);
      if (alone.length !== 1) continue; // a range shared with a neighbour report: not one report
      out.push({ name: `${path.relative(FIXTURES_DIR, file)}:${e.source.lineStart}-${e.source.lineEnd}`, records: recs, event: alone[0] });
    }
  }
  return out;
}

/**
 * Victim pids the kernel lines of these records name (ground truth read from the text, not from the program):
 * `Killed process N`, else — for ≤4.x reports cut before it — `Kill process N (…) score`.
 */
export function killsNamedIn(records: LogRecord[]): number[] {
  const text = records.filter((r) => r.ident === null || r.ident === "kernel").map((r) => r.message).join("\n");
  // `oom_reaper: reaped process N` proves the kill of N too (its kill line may be cut away).
  const reaped = [...text.matchAll(/oom_reaper: reaped process (\d+)/g)].map((m) => Number(m[1]));
  const killed = [...text.matchAll(/(?:^|\] |: )Killed process (\d+)/gm)].map((m) => Number(m[1]));
  if (killed.length > 0) return sorted([...killed, ...reaped]);
  return sorted([...reaped, ...[...text.matchAll(/[Kk]ill process (\d+) \(.*\) score/g)].map((m) => Number(m[1]))]);
}

export const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

export type Section = "header" | "trace" | "meminfo" | "memcg" | "tasks" | "constraint" | "kill";

/** The section of a report a record belongs to, by the kind of its first kernel line. */
export function sectionOf(r: LogRecord): Section | null {
  const kind = parseOomLine(splitMessage(r.message)[0]).kind;
  switch (kind) {
    case "header": case "cpuset": return "header";
    case "cpu": case "hardware": case "trace": return "trace";
    case "meminfo-start": case "meminfo": case "slab-start": case "slab-row": return "meminfo";
    case "memcg-task-in": case "memcg-counter": case "memcg-stats": case "pair": case "kb-bag": return "memcg";
    case "tasks-title": case "tasks-header": case "task-row": return "tasks";
    case "constraint": return "constraint";
    case "kill-choose": case "killed": case "kill-sharing": case "group-kill": case "reaper": return "kill";
    default: return null;
  }
}

