// Any bytes through the whole pipeline (byte stream → line scanner → records → assembler), in process:
// nothing throws, and the kills of a real log survive invalid UTF-8, NUL bytes and other line ends.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLogs, type EventsDocument } from "../../src/pipeline/parse-logs.js";
import { killPids } from "../assemble/run.js";
import { sorted } from "./corpus.js";
import { fastCheckSeed } from "../fc-seed.js";

const SEED = fastCheckSeed("robustness/bytes");

const params = { seed: SEED, numRuns: 100 };

/** Scans bytes as stdin, the way `… | oomsleuth parse` does. */
function scan(bytes: Uint8Array): Promise<EventsDocument> {
  return parseLogs(["-"], { stdin: Readable.from([Buffer.from(bytes)]), jobs: 1 });
}

// test/fixtures/oom/go-leak/dmesg.txt lines 1–556: raw dmesg with six memcg reports (python3, then five leaky
// kills); its kill lines (`Memory cgroup out of memory: Killed process N (comm)`) are the ground truth.
const GO_LEAK = readFileSync(fileURLToPath(new URL("../fixtures/oom/go-leak/dmesg.txt", import.meta.url)), "utf8")
  .split("\n").slice(0, 556);
const GO_LEAK_KILLS = sorted(GO_LEAK.flatMap((l) => [...l.matchAll(/Killed process (\d+) \(/g)].map((m) => Number(m[1]))));

/**
 * Inserts `junk` into `line` at a spot of its message (after the `[ uptime] ` prefix) that is not inside the
 * `Killed process N (` words: a damaged byte elsewhere must not cost the kill.
 */
function insertInMessage(line: string, at: number, junk: Buffer): Buffer {
  const start = line.indexOf("] ") + 2;
  const kp = line.indexOf("Killed process ");
  const protectedEnd = kp >= 0 ? line.indexOf("(", kp) + 1 : -1;
  const room = line.length - start;
  let pos = start + (room > 0 ? at % (room + 1) : 0);
  if (kp >= 0 && pos > kp && pos < protectedEnd) pos = protectedEnd;
  const b = Buffer.from(line, "utf8");
  const byteAt = Buffer.byteLength(line.slice(0, pos));
  return Buffer.concat([b.subarray(0, byteAt), junk, b.subarray(byteAt)]);
}

/** The lines with junk put into some of them (one spot per line: the later hits on a line are dropped). */
function damage(lines: string[], hits: Array<[number, number, Buffer]>): Buffer {
  const byLine = new Map<number, [number, Buffer]>();
  for (const [li, at, junk] of hits) if (!byLine.has(li % lines.length)) byLine.set(li % lines.length, [at, junk]);
  return Buffer.concat(
    lines.map((l, i) => {
      const hit = byLine.get(i);
      return Buffer.concat([hit ? insertInMessage(l, hit[0], hit[1]) : Buffer.from(l), Buffer.from("\n")]);
    }),
  );
}

describe("any bytes through the whole pipeline", () => {
  it("arbitrary bytes: no throw, a document every time", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const doc = await scan(bytes);
        expect(Array.isArray(doc.events)).toBe(true);
        for (const w of doc.warnings) expect(w.path).toBe("-");
      }),
      params,
    );
  });

  it("random Unicode text (any code point, lone surrogates included), with log-looking lines mixed in", async () => {
    const line = fc.oneof(
      fc.string({ unit: "binary", maxLength: 120 }),
      fc.constantFrom(...GO_LEAK.slice(0, 120)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 80 }), fc.constantFrom("\n", "\r\n"), async (ls, eol) => {
        const doc = await scan(Buffer.from(ls.join(eol), "utf8"));
        expect(Array.isArray(doc.events)).toBe(true);
      }),
      params,
    );
  });

  const junkOf = (arb: fc.Arbitrary<Uint8Array>) =>
    fc.array(fc.tuple(fc.nat(GO_LEAK.length - 1), fc.nat(), arb.map((u) => Buffer.from(u))), { minLength: 1, maxLength: 40 });

  it("invalid UTF-8 inside report lines: every kill is still read", async () => {
    // Bytes that can never be UTF-8 (0x80–0xff alone, overlong 0xc0 0xaf, a cut 3-byte sequence).
    const invalid = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 6 }).map((u) => u.map((b) => 0x80 | b)),
      fc.constant(Uint8Array.from([0xc0, 0xaf])),
      fc.constant(Uint8Array.from([0xe2, 0x82])),
    );
    await fc.assert(
      fc.asyncProperty(junkOf(invalid), async (hits) => {
        const doc = await scan(damage(GO_LEAK, hits));
        expect(sorted(killPids(doc.events))).toEqual(GO_LEAK_KILLS);
      }),
      params,
    );
  });

  it("NUL bytes inside report lines (a crash's zero-filled blocks): every kill is still read", async () => {
    const nuls = fc.integer({ min: 1, max: 64 }).map((n) => new Uint8Array(n));
    await fc.assert(
      fc.asyncProperty(junkOf(nuls), async (hits) => {
        const doc = await scan(damage(GO_LEAK, hits));
        expect(sorted(killPids(doc.events))).toEqual(GO_LEAK_KILLS);
      }),
      params,
    );
  });

  it("a zero-filled block in front of a line (syslog after a crash): the line behind it is read", async () => {
    const lines = [...GO_LEAK];
    const k = lines.findIndex((l) => l.includes("Killed process"));
    lines[k - 1] += "\0".repeat(8192); // the zeros end where the next write landed: no newline before the kill line
    const doc = await scan(Buffer.from(lines.join("\n") + "\n"));
    expect(sorted(killPids(doc.events))).toEqual(GO_LEAK_KILLS);
  });

  it("a damaged byte inside the kill line's reason (`\\xe2\\x82Memory cgroup out of memory: Killed process 11889`)", async () => {
    // fast-check's shrunk counterexample (line 556 of go-leak/dmesg.txt): the kill was dropped as not-the-kernel.
    const lines = [...GO_LEAK];
    const damaged = damage(lines, [[555, 0, Buffer.from([0xe2, 0x82])]]);
    const doc = await scan(damaged);
    expect(sorted(killPids(doc.events))).toEqual(GO_LEAK_KILLS);
  });

  it("CRLF line ends: the same kills", async () => {
    const doc = await scan(Buffer.from(GO_LEAK.join("\r\n") + "\r\n"));
    expect(sorted(killPids(doc.events))).toEqual(GO_LEAK_KILLS);
  });

  // A CR-only file (old Mac line ends, a log passed through `tr '\n' '\r'`) was one line cut at 1 MiB, its kills
  // lost without a warning; the line scanner now takes CR as the line end of an input whose first lines have no LF.
  it("CR-only line ends: the same kills", async () => {
    const doc = await scan(Buffer.from(GO_LEAK.join("\r") + "\r"));
    expect(sorted(killPids(doc.events))).toEqual(GO_LEAK_KILLS);
  });

  it("an empty input: no events, no warnings", async () => {
    const doc = await scan(new Uint8Array(0));
    expect(doc.events).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });
});
