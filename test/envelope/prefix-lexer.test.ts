// The prefix lexer's fast paths (grammars/envelope/prefix-lexer.ts, dmesg-prefix.ts PRINTK_STAMP,
// clock-text.ts monthIndex) must read real lines exactly as the plain Chevrotain/regex ways do.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { ENVELOPE_FORMATS } from "../../grammars/envelope/index.js";
import { builtPrefixLexers, LINE_START, lexPrefix, prefixLexer, prefixToken } from "../../grammars/envelope/prefix-lexer.js";
import { makeSyslogTail } from "../../grammars/envelope/syslog-prefix.js";
import { SHORT_STAMP, parseRfc3164Line } from "../../grammars/envelope/syslog-rfc3164.js";
import { parseDmesgRawLine } from "../../grammars/envelope/dmesg-raw.js";
import { parseDmesgLine } from "../../grammars/envelope/dmesg.js";
import { monthIndex } from "../../grammars/envelope/clock-text.js";
import { fixtureLines } from "../records/read-fixture.js";

describe("prefix lexer", () => {
  // A syslog prefix lexer built the way syslog-rfc3164.ts builds its own.
  const Stamp = prefixToken("TestStamp", SHORT_STAMP, [LINE_START]);
  const tail = makeSyslogTail("Test", Stamp);
  const prefix = prefixLexer([Stamp, ...tail.tokens]);
  const shape = (t: { tokenType: { name: string }; image: string; startOffset: number }) => [t.tokenType.name, t.image, t.startOffset];

  it("its per-line entry returns the tokens Chevrotain's public tokenize() returns", () => {
    const lines = [...fixtureLines("parseoom-messages"), ...fixtureLines("out-of-memory-messages.1"), ...fixtureLines("go-leak/dmesg.txt").slice(0, 200)];
    for (const line of lines) {
      expect(prefix.tokenize(line).map(shape), line).toEqual(prefix.lexer.tokenize(line).tokens.map(shape));
    }
  });

  it("every format's lexer, on the lines of every sample and envelope fixture: the tokens and payloads Chevrotain gives", () => {
    expect(ENVELOPE_FORMATS.length).toBeGreaterThan(15); // every format module is loaded: their lexers are built
    const files = (dir: URL): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(new URL(`${d.name}/`, dir)) : [new URL(d.name, dir).pathname]));
    const texts = [...files(new URL("../../samples/", import.meta.url)), ...files(new URL("../fixtures/envelope/", import.meta.url))]
      .filter((f) => !f.includes("/heap/") && !f.endsWith(".md"))
      .map((f) => {
        const bytes = readFileSync(f);
        return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
      });
    // Each file's first 300 lines (its envelope's head, report lines) and every 7th line after (kept short:
    // Chevrotain's tokenize is the slow side of the comparison).
    const lines = [...new Set(texts.flatMap((t) => t.split("\n").filter((_, i) => i < 300 || i % 7 === 0)))];
    expect(lines.length).toBeGreaterThan(5_000);
    const full = (t: { tokenType: { name: string }; image: string; startOffset: number; payload?: unknown }) => [...shape(t), [...(t.payload as string[])]];
    for (const lexer of builtPrefixLexers()) {
      for (const line of lines) expect(lexer.tokenize(line).map(full), line).toEqual(lexer.lexer.tokenize(line).tokens.map(full));
    }
  });

  it("splits a kernel line into stamp, host+tag and inner printk stamp; the message starts after them", () => {
    // peers/parseoom/messages line 95
    const line = fixtureLines("parseoom-messages")[94];
    const { tokens, messageStart } = lexPrefix(prefix, line);
    expect(tokens.map((t) => t.image)).toEqual(["Dec 20 03:17:52 ", "localhost kernel: ", "[75669.703275] "]);
    expect(line.slice(messageStart)).toBe("Out of memory: Killed process 517 (clamd) total-vm:2361456kB, anon-rss:1689296kB, file-rss:0kB, shmem-rss:0kB, UID:111 pgtables:4292kB oom_score_adj:0");
  });

  it("lexes a line of another format as no prefix at all", () => {
    // go-leak dmesg.txt line 2511 is a dmesg line, not a syslog one
    const line = fixtureLines("go-leak/dmesg.txt")[2510];
    expect(line.startsWith("[ 4750.320556] ")).toBe(true);
    expect(lexPrefix(prefix, line)).toEqual({ tokens: [], messageStart: 0 });
  });
});

describe("printk stamp with caller id (one token)", () => {
  // util-linux tests/ts/dmesg/cid-input line 2: `<1>[    1.000000] [    T1] example[1]`
  const cidLine = fixtureLines("util-linux-cid-input")[1];

  it("dmesg -r reads uptime and caller id", () => {
    const r = parseDmesgRawLine(cidLine);
    expect(r?.kind === "start" && [r.fields.level, r.fields.uptime, r.fields.callerId, r.fields.message]).toEqual([1, 1, "T1", "example[1]"]);
  });

  it("a stamp without caller id leaves callerId null (go-leak dmesg.txt line 2511)", () => {
    const r = parseDmesgLine(fixtureLines("go-leak/dmesg.txt")[2510]);
    expect(r?.kind === "start" && [r.fields.uptime, r.fields.callerId]).toEqual([4750.320556, null]);
  });

  it("an rsyslog kernel line keeps the caller id after its inner stamp", () => {
    // The cid-input line as rsyslog (imklog) writes it, after the stamp and host of parseoom line 95.
    const r = parseRfc3164Line("Dec 20 03:17:52 localhost kernel: " + cidLine.slice(3));
    expect(r?.kind === "start" && [r.fields.host, r.fields.ident, r.fields.uptime, r.fields.callerId, r.fields.message]).toEqual([
      "localhost",
      "kernel",
      1,
      "T1",
      "example[1]",
    ]);
  });

  it("a printk-like stamp after a non-kernel tag stays in the message", () => {
    // peers/out-of-memory messages.1 line 1 with its tag changed to a daemon's
    const line = fixtureLines("out-of-memory-messages.1")[0].replace(" kernel: ", " earlyoom[456]: [1.000000] ");
    const r = parseRfc3164Line(line);
    expect(r?.kind === "start" && [r.fields.ident, r.fields.uptime, r.fields.message.slice(0, 11)]).toEqual(["earlyoom", null, "[1.000000] "]);
  });
});

describe("monthIndex (remembers the last word)", () => {
  it("gives each word its own month whatever came before", () => {
    // `Dec` peers/parseoom/messages, `Sep` peers/out-of-memory messages.1, `déc.`/`11月` dmesg -T in fr/zh locales
    const words = ["Dec", "Dec", "Sep", "Dec", "déc.", "11月", "11月", "Sep", "bogus", "bogus", "Dec"];
    expect(words.map(monthIndex)).toEqual([11, 11, 8, 11, 11, 10, 10, 8, null, null, 11]);
  });
});
