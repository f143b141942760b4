// scan-input hands lines to the reader, and records to the assembler, in batches cut by the count of lines taken:
// what is read, and so what is reported, must not depend on how the bytes arrive (a pipe's chunks vary from run to
// run; a file is read in 4 MiB pieces).
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastCheckSeed } from "../fc-seed.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";

const sample = (rel: string) => readFileSync(new URL(`../../samples/${rel}`, import.meta.url));
// A RHEL6 box's syslog (22 kills with task tables of hundreds of rows, other daemons' lines between them) and this
// VM's dmesg (three memcg kills).
const logs = [gunzipSync(sample("archive/new-db1/messages.1.gz")), sample("this-machine/dmesg.txt")];

/** The input as a pipe gives it: in pieces cut at `cuts` (byte offsets). */
function piped(bytes: Buffer, cuts: number[]): Readable {
  const at = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
  const pieces = [0, ...at].map((from, i) => bytes.subarray(from, i < at.length ? at[i] : bytes.length)).filter((p) => p.length > 0);
  return Readable.from(pieces);
}

async function events(bytes: Buffer, cuts: number[]) {
  const doc = await parseLogs(["-"], { jobs: 1, stdin: piped(bytes, cuts) });
  return JSON.stringify(doc.events);
}

describe("batches of lines and records", () => {
  it("report the same events however the input is cut into reads", async () => {
    for (const log of logs) {
      const whole = await events(log, []);
      expect(JSON.parse(whole).length).toBeGreaterThan(2);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: log.length - 1 }), { maxLength: 40 }), async (cuts) => {
          expect(await events(log, cuts)).toBe(whole);
        }),
        { numRuns: 15, seed: fastCheckSeed("scan batches") },
      );
    }
  });
});
