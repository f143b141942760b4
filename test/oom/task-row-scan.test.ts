import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastCheckSeed } from "../fc-seed.js";
import { oomFixtureFiles } from "./helpers.js";
import { parseTaskRow, parseTaskRowByTokens } from "../../grammars/oom/tasks.js";

const SEED = fastCheckSeed("oom/task-row-scan");

// Every OOM fixture (peers' test suites, the go-leak run, the seed reports): from each `[` of each line to its end, as
// the grammar is handed a message whatever envelope came before it.

describe("task row character scan", () => {
  it("reads every bracketed piece of every fixture line as the lexer's tokens do", () => {
    const pieces = new Set<string>();
    for (const f of oomFixtureFiles()) {
      for (const line of readFileSync(f, "utf8").split("\n")) {
        for (let at = line.indexOf("["); at >= 0; at = line.indexOf("[", at + 1)) pieces.add(line.slice(at).trim());
      }
    }
    let rows = 0;
    for (const p of pieces) {
      const expected = parseTaskRowByTokens(p);
      if (expected !== null) rows++;
      expect(parseTaskRow(p), p).toEqual(expected);
    }
    expect(rows).toBeGreaterThan(1000);
  });

  it("agrees with the lexer's tokens on rows shaped like the kernel's, with every blank and glued column (property)", () => {
    const blank = fc.constantFrom("", " ", "  ", "\t", "\r", " \r ", "\v");
    // Long numbers (past 2^53), leading zeros and -0 too: the scan sums digits only while that is exact.
    const int = fc.oneof(fc.nat().map(String), fc.nat().map((n) => `-${n}`), fc.constantFrom("-0", "007", "999999999999999", "1234567890123456", "9007199254740993", "-12345678901234567890"));
    const column = fc.oneof(int, int, int, fc.constantFrom("0x1f", "12kB", "4KB", "12abc", "7-3", "-", "name", "ü"));
    fc.assert(
      fc.property(blank, column, blank, fc.array(fc.tuple(blank, column), { maxLength: 12 }), fc.constantFrom("", " leaky", " kworker/0:1", "  a b"), (b1, pid, b2, cols, name) => {
        const row = `[${b1}${pid}${b2}]${cols.map(([b, c]) => `${b}${c}`).join("")}${name}`;
        expect(parseTaskRow(row), JSON.stringify(row)).toEqual(parseTaskRowByTokens(row));
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it("agrees with the lexer's tokens on rows made of numbers, blanks, signs, units, hex and names (property)", () => {
    const piece = fc.constantFrom("[", "]", " ", "  ", "\t", "\r", "-", "0", "7", "12", "4096", "x", "0x1f", "kB", "KB", "k", "B", "a", "name", "ü", "进", "\v", "(", ":");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
        const row = `[${parts.join("")}`;
        expect(parseTaskRow(row), JSON.stringify(row)).toEqual(parseTaskRowByTokens(row));
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });
});
