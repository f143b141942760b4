import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeShortStampParser, parseRfc3164Line, SHORT_STAMP } from "../../grammars/envelope/syslog-rfc3164.js";
import { readCommonShortStampLine } from "../../grammars/envelope/short-stamp-line.js";
import { fastCheckSeed } from "../fc-seed.js";

// The hand reader of the common syslog line against the grammar it stands in for (short-stamp-line.ts): wherever it
// answers, the grammar answers the same.
const byGrammar = makeShortStampParser("TestShortStamp", SHORT_STAMP, true, true);
const journalByGrammar = makeShortStampParser("TestJournalShort", SHORT_STAMP, false, true);

function filesUnder(dir: URL): string[] {
  return readdirSync(dir).flatMap((name) => {
    const url = new URL(name, dir);
    return statSync(url).isDirectory() ? filesUnder(new URL(`${name}/`, dir)) : [fileURLToPath(url)];
  });
}

/** Every text line of the fixtures and samples (test/fixtures, samples): syslog files and every other shape. */
const lines = [
  ...new Set(
    [...filesUnder(new URL("../fixtures/", import.meta.url)), ...filesUnder(new URL("../../samples/", import.meta.url))]
      .filter((f) => !/\.(gz|pprof|pb|heap|hprof|heapsnapshot)$/.test(f))
      .flatMap((f) => readFileSync(f, "latin1").split("\n")),
  ),
];

function expectSame(line: string): boolean {
  const fast = readCommonShortStampLine(line, true);
  if (fast !== undefined) expect(fast, line).toEqual(byGrammar(line));
  const journal = readCommonShortStampLine(line, false);
  if (journal !== undefined) expect(journal, line).toEqual(journalByGrammar(line));
  return fast !== undefined;
}

describe("the common syslog line read by hand", () => {
  it("reads every fixture and sample line as the grammar does, whole and (one in 16) cut at each place of its prefix", () => {
    let read = 0;
    let syslogKernel = 0;
    for (const line of lines) {
      if (expectSame(line) && read++ % 16 === 0) for (let cut = 0; cut < Math.min(line.length, 80); cut++) expectSame(line.slice(0, cut));
      if (/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ kernel: \[/.test(line)) syslogKernel++;
    }
    // Not vacuous: most of the syslog kernel lines of the fixtures are read by hand.
    expect(syslogKernel).toBeGreaterThan(2_000);
    expect(read).toBeGreaterThan(syslogKernel * 0.9);
  });

  it("on real syslog lines with their prefix damaged: a character replaced, inserted or removed", () => {
    const syslog = lines.filter((l) => parseRfc3164Line(l) !== null && l.length > 30);
    expect(syslog.length).toBeGreaterThan(2_000);
    const chars = [" ", "  ", ":", "[", "]", "T", "C", "0", "9", ".", "a", "\t", "é", "#012", "kernel", "[  T12] ", "[1.5]", "[T1", "[ C12x]", "[T]", "[C7] ", ""];
    let read = 0;
    fc.assert(
      fc.property(fc.constantFrom(...syslog), fc.nat(60), fc.nat(3), fc.constantFrom(...chars), (line, at, drop, put) => {
        if (expectSame(line.slice(0, at) + put + line.slice(at + drop))) read++;
      }),
      { seed: fastCheckSeed("envelope/short-stamp-line"), numRuns: 50_000 },
    );
    // Damage past the prefix, or that keeps its shape, is still read by hand: both paths are exercised.
    expect(read).toBeGreaterThan(10_000);
  });
});
