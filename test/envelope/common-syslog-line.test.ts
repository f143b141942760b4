import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeShortStampParser, parseRfc3164Line, SHORT_STAMP } from "../../grammars/envelope/syslog-rfc3164.js";
import { readCommonDmesgLine, readCommonIsoStampLine, readCommonShortStampLine } from "../../grammars/envelope/common-syslog-line.js";
import { parseDmesgLineByGrammar } from "../../grammars/envelope/dmesg.js";
import { makeIsoStampParser } from "../../grammars/envelope/iso-stamp-syslog.js";
import { parseSyslogIsoLine, SYSLOG_ISO_STAMP } from "../../grammars/envelope/syslog-iso.js";
import { fastCheckSeed } from "../fc-seed.js";

// The hand readers of the common syslog lines against the grammars they stand in for (common-syslog-line.ts):
// wherever they answer, the grammar answers the same.
const byGrammar = makeShortStampParser("TestShortStamp", SHORT_STAMP, true);
const journalByGrammar = makeShortStampParser("TestJournalShort", SHORT_STAMP, false);
const isoByGrammar = makeIsoStampParser("TestSyslogIso", SYSLOG_ISO_STAMP, true);

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

/** Both readers on `line`, each compared with its grammar where it answers; whether either answered. */
function expectSame(line: string): boolean {
  const fast = readCommonShortStampLine(line, true);
  if (fast !== undefined) expect(fast, line).toEqual(byGrammar(line));
  const journal = readCommonShortStampLine(line, false);
  if (journal !== undefined) expect(journal, line).toEqual(journalByGrammar(line));
  const iso = readCommonIsoStampLine(line, true);
  if (iso !== undefined) expect(iso, line).toEqual(isoByGrammar(line));
  const dmesg = readCommonDmesgLine(line);
  if (dmesg !== undefined) expect(dmesg, line).toEqual(parseDmesgLineByGrammar(line));
  return fast !== undefined || iso !== undefined || dmesg !== undefined;
}

describe("the common syslog lines read by hand", () => {
  it("reads every fixture and sample line as the grammar does, whole and (one in 16) cut at each place of its prefix", () => {
    let read = 0;
    let syslogKernel = 0;
    let isoKernel = 0;
    let dmesgLines = 0;
    for (const line of lines) {
      if (expectSame(line) && read++ % 16 === 0) for (let cut = 0; cut < Math.min(line.length, 80); cut++) expectSame(line.slice(0, cut));
      if (/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ kernel: \[/.test(line)) syslogKernel++;
      if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(?:Z|[+-]\d\d:?\d\d) \S+ kernel: \[/.test(line)) isoKernel++;
      if (/^\[ *\d+\.\d+\]/.test(line)) dmesgLines++;
    }
    // Not vacuous: most of the syslog kernel lines of the fixtures, of both stamps, are read by hand.
    expect(syslogKernel).toBeGreaterThan(2_000);
    expect(isoKernel).toBeGreaterThan(500);
    expect(dmesgLines).toBeGreaterThan(2_000);
    expect(read).toBeGreaterThan((syslogKernel + isoKernel + dmesgLines) * 0.9);
  });

  it("on real syslog lines with their prefix damaged: a character replaced, inserted or removed", () => {
    const syslog = lines.filter((l) => (parseRfc3164Line(l) !== null || parseSyslogIsoLine(l) !== null || /^\[ *\d+\.\d+\] /.test(l)) && l.length > 30);
    expect(syslog.filter((l) => parseSyslogIsoLine(l) !== null).length).toBeGreaterThan(500);
    expect(syslog.length).toBeGreaterThan(2_000);
    const chars = [" ", "  ", ":", "[", "]", "T", "C", "0", "9", ".", "a", "\t", "é", "#012", "kernel", "[  T12] ", "[1.5]", "[T1", "[ C12x]", "[T]", "[C7] ", "", "Z", "+", "-", "+05:30", "-0800", ".5"];
    let read = 0;
    fc.assert(
      fc.property(fc.constantFrom(...syslog), fc.nat(60), fc.nat(3), fc.constantFrom(...chars), (line, at, drop, put) => {
        if (expectSame(line.slice(0, at) + put + line.slice(at + drop))) read++;
      }),
      { seed: fastCheckSeed("envelope/common-syslog-line"), numRuns: 50_000 },
    );
    // Damage past the prefix, or that keeps its shape, is still read by hand: both paths are exercised.
    expect(read).toBeGreaterThan(10_000);
  });

  it("on real high-precision syslog lines with their zone and fraction rewritten", () => {
    // The VM's rsyslog wrote +00:00 and microseconds; other hosts write their own offset, -0800 or Z, and ms or ns.
    const iso = lines.filter((l) => parseSyslogIsoLine(l) !== null && /^\S+\.\d+\+00:00 /.test(l));
    expect(iso.length).toBeGreaterThan(500);
    const zones = ["Z", "+05:30", "-08:00", "+0100", "-0930", "+14:00"];
    fc.assert(
      fc.property(fc.constantFrom(...iso), fc.constantFrom(...zones), fc.stringMatching(/^\d{1,12}$/), (line, zone, fraction) => {
        const rewritten = line.replace(/\.\d+\+00:00 /, `.${fraction}${zone} `);
        expect(expectSame(rewritten), rewritten).toBe(true);
      }),
      { seed: fastCheckSeed("envelope/common-syslog-line iso"), numRuns: 5_000 },
    );
  });
});
