/** Never crash on any bytes: readSnapshot returns null or throws SnapshotReadError, nothing else. */
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, expect, test } from "vitest";
import { parseGoHeapText } from "../../src/heap/go-heap-text.js";
import { readSnapshot } from "../../src/heap/read-snapshot.js";
import { SnapshotReadError } from "../../src/heap/snapshot.js";
import { HEAP_DIR } from "./fixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "oomsleuth-fuzz-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Starts that steer the bytes into each reader: gzip, Go's raw proto start, debug=1 text, V8, HPROF.
const real = readFileSync(`${HEAP_DIR}heap.2.6.pprof`);
const prefixes = [
  Buffer.from([0x1f, 0x8b]),
  Buffer.from([0x5a, 0x04, 0x08, 0x01, 0x10, 0x02, 0x60, 0x80, 0x80, 0x20]),
  Buffer.from("heap profile: 1: 2 [3: 4] @ heap/1048576\n"),
  Buffer.from('{"snapshot":{"meta":'),
  Buffer.from("JAVA PROFILE 1.0.2\0"),
  real.subarray(0, 40),
];

test("random and mutated inputs", async () => {
  let i = 0;
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: prefixes.length }), fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (p, tail, zip) => {
      const body = Buffer.concat([p < prefixes.length ? prefixes[p] : Buffer.alloc(0), Buffer.from(tail)]);
      const path = join(scratch, `f${i++}`);
      writeFileSync(path, zip ? gzipSync(body) : body);
      try {
        const s = await readSnapshot(path);
        if (s !== null) expect(["pprof", "go-heap-text", "v8", "hprof"]).toContain(s.format);
      } catch (error) {
        expect(error).toBeInstanceOf(SnapshotReadError);
      }
    }),
    { numRuns: 300 },
  );
});

test("debug=1 text parser tolerates any lines after a valid header", () => {
  fc.assert(
    fc.property(fc.array(fc.string(), { maxLength: 30 }), (lines) => {
      const parsed = parseGoHeapText(["heap profile: 1: 2 [3: 4] @ heap/1048576", ...lines].join("\n"));
      for (const s of parsed.profile.samples) expect(s.values.every(Number.isFinite)).toBe(true);
    }),
  );
});
