// Big plain files (≥ DIRECT_MIN_BYTES) are read straight into the scan memory, other inputs as chunks: both paths
// must report the same events and line counts. The gzip copy of the same bytes takes the chunk path.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { DIRECT_MIN_BYTES } from "../../src/sources/byte-stream.js";

// samples/this-machine/dmesg.txt: three memcg kills of python3 (7395, 7681, 7723).
const VM = fileURLToPath(new URL("../../samples/this-machine/dmesg.txt", import.meta.url));

describe("direct reads of a big plain file", () => {
  it("reports the events and lines of the chunk path (the same bytes gzipped)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-direct-"));
    const vm = readFileSync(VM);
    const copies = Math.ceil(DIRECT_MIN_BYTES / vm.length) + 1;
    // No newline at the very end: the last line is a partial one, and it is a kill line of the last copy.
    const text = Buffer.concat(Array.from({ length: copies }, () => vm)).subarray(0, copies * vm.length - 1);
    writeFileSync(path.join(dir, "big.log"), text);
    writeFileSync(path.join(dir, "big.log.gz"), gzipSync(text));
    const plain = await parseLogs([path.join(dir, "big.log")], { jobs: 1 });
    const gz = await parseLogs([path.join(dir, "big.log.gz")], { jobs: 1 });
    const lines = vm.toString("latin1").split("\n").length - 1;
    expect(plain.inputs[0]).toMatchObject({ gzip: false, lines: copies * lines, bytes: text.length });
    expect(gz.inputs[0].lines).toBe(copies * lines);
    const pids = (d: typeof plain) => d.events.flatMap((e) => e.kills.map((k) => k.pid));
    expect(pids(plain).filter((p) => p === 7723)).toHaveLength(copies);
    expect(pids(plain)).toEqual(pids(gz));
    expect(plain.warnings).toEqual(gz.warnings);
  });

  it("still skips a big binary file met in a directory", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-direct-bin-"));
    writeFileSync(path.join(dir, "core.bin"), Buffer.alloc(DIRECT_MIN_BYTES, 0));
    const doc = await parseLogs([dir], { jobs: 1 });
    expect(doc.warnings.map((w) => w.message)).toEqual(["binary file skipped"]);
    expect(doc.inputs[0].lines).toBe(0);
  });
});
