// Test helper: run a fixture file (or lines) through a record reader, as src/scan does.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRecordReader, type RecordReaderOptions } from "../../src/records/record-reader.js";
import type { LogRecord } from "../../src/records/log-record.js";

export function fixtureLines(name: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(`../fixtures/envelope/${name}`, import.meta.url)), "utf8");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Push lines numbered from 1 (or the given numbers) and collect every record. */
export function readLines(lines: string[], opts: Partial<RecordReaderOptions> = {}, lineNos?: number[]): LogRecord[] {
  const reader = createRecordReader({ source: "test", ...opts });
  const out: LogRecord[] = [];
  lines.forEach((line, i) => out.push(...reader.push(line, lineNos ? lineNos[i] : i + 1)));
  out.push(...reader.end());
  return out;
}

export function readFixture(name: string, opts: Partial<RecordReaderOptions> = {}): LogRecord[] {
  return readLines(fixtureLines(name), { source: name, ...opts });
}
