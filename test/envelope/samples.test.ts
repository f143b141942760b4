// Runs every embedded sample of every envelope format (grammars/envelope/*.ts): each sample is a
// real line (its `from` says which file and line) and `expect` the fields read off that line.
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ENVELOPE_FORMATS } from "../../grammars/envelope/index.js";
import type { EnvelopeFields, EnvelopeFormat, LineResult } from "../../grammars/envelope/envelope-fields.js";

/** Feed the sample's physical lines to a fresh decoder; collect what it produced. */
function decodeSample(format: EnvelopeFormat, text: string): { fields: EnvelopeFields | null; skipped: number } {
  const decoder = format.createDecoder();
  const results: LineResult[] = [];
  text.split("\n").forEach((line, i) => {
    const r = decoder.decode(line, i + 1);
    if (r !== null) results.push(r);
  });
  const last = decoder.finish();
  if (last !== null) results.push(last);
  const records = results.filter((r) => r.kind === "start" || r.kind === "record");
  const skipped = results.filter((r) => r.kind === "skip").length;
  if (records.length === 0) return { fields: null, skipped };
  expect(records).toHaveLength(1);
  const r = records[0];
  return { fields: r.kind === "start" || r.kind === "record" ? r.fields : null, skipped };
}

function expectField(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === "number" && typeof actual === "number") {
    expect(actual, path).toBeCloseTo(expected, 3);
  } else if (expected !== null && typeof expected === "object") {
    for (const [k, v] of Object.entries(expected)) expectField((actual as Record<string, unknown>)?.[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe.each(ENVELOPE_FORMATS.map((f) => [f.name, f] as const))("envelope %s", (_name, format) => {
  it("has samples", () => {
    expect(format.samples.length).toBeGreaterThan(0);
  });
  it.each(format.samples.map((s) => [s.from, s] as const))("sample from %s", (_from, sample) => {
    const { fields, skipped } = decodeSample(format, sample.line);
    if (Object.keys(sample.expect).length === 0) {
      // A structure-only line (journalctl marker): accepted, produces no record.
      expect(fields).toBeNull();
      expect(skipped).toBeGreaterThan(0);
      return;
    }
    expect(fields, "the format must read its own sample").not.toBeNull();
    for (const [key, value] of Object.entries(sample.expect)) expectField(fields![key as keyof EnvelopeFields], value, key);
    if (!format.structured) expect(format.matches(sample.line.split("\n")[0])).toBe(true);
  });
});

describe("registry", () => {
  it("lists every format module of grammars/envelope exactly once", () => {
    const dir = fileURLToPath(new URL("../../grammars/envelope/", import.meta.url));
    const helpers = new Set(["index.ts", "envelope-fields.ts", "prefix-lexer.ts", "clock-text.ts", "dmesg-prefix.ts", "ctime.ts", "syslog-prefix.ts", "iso-stamp-syslog.ts", "journal-fields.ts", "common-syslog-line.ts"]);
    const modules = readdirSync(dir).filter((f) => f.endsWith(".ts") && !helpers.has(f)).map((f) => f.replace(/\.ts$/, "")).sort();
    expect([...ENVELOPE_FORMATS.map((f) => f.name)].sort()).toEqual(modules);
  });
});
