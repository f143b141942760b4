// Several files under way at once in one thread (the default for several files without --jobs) must report exactly
// what a one-by-one scan reports, in the same order: events, warnings, per-input summaries.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { InOrder } from "../../src/pipeline/in-order.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// samples/this-machine/dmesg.txt: three memcg kills of python3 (7395, 7681, 7723).
const VM = here("../../samples/this-machine/dmesg.txt");
// test/fixtures/oom/go-leak/dmesg.txt: six memcg reports (python3, then five kills of `leaky`).
const GO_LEAK = here("../fixtures/oom/go-leak/dmesg.txt");

describe("overlapped scan in one thread", () => {
  it("reports what a one-by-one scan reports, in input order, with a big .gz first and small files after", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-overlap-"));
    // The first input is the slowest (many copies, compressed): the later ones finish first and must wait.
    const vm = readFileSync(VM);
    writeFileSync(path.join(dir, "a-big.log.gz"), gzipSync(Buffer.concat(Array.from({ length: 40 }, () => vm))));
    copyFileSync(GO_LEAK, path.join(dir, "b-go-leak.log"));
    copyFileSync(VM, path.join(dir, "c-vm.log"));
    writeFileSync(path.join(dir, "d-cut.gz"), gzipSync(vm).subarray(0, 200)); // a warning, between the others
    const one = await parseLogs([dir], { jobs: 1 });
    const two = await parseLogs([dir]);
    expect(two).toEqual(one);
    const kills = one.events.flatMap((e) => e.kills.map((k) => k.pid));
    expect(kills.slice(0, 3)).toEqual([7395, 7681, 7723]); // first the big file's copies…
    expect(kills.filter((p) => p === 7395)).toHaveLength(41); // …40 copies in a-big, one in c-vm
    expect(one.inputs.map((i) => path.basename(i.path))).toEqual(["a-big.log.gz", "b-go-leak.log", "c-vm.log", "d-cut.gz"]);
    expect(one.warnings.some((w) => w.path.endsWith("d-cut.gz") && /truncated gzip/.test(w.message))).toBe(true);
  });

  it("reads a file of many kills ahead of a slow one only so far, and still reports what a one-by-one scan does", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-overlap-held-"));
    const vm = readFileSync(VM);
    // 120 copies of the VM's three kills (360 events) behind a big .gz: more than the 256 held for a file read ahead.
    writeFileSync(path.join(dir, "a-big.log.gz"), gzipSync(Buffer.concat(Array.from({ length: 200 }, () => vm))));
    writeFileSync(path.join(dir, "b-many.log"), Buffer.concat(Array.from({ length: 120 }, () => vm)));
    copyFileSync(GO_LEAK, path.join(dir, "c-go-leak.log"));
    const one = await parseLogs([dir], { jobs: 1 });
    const ready = vi.spyOn(InOrder.prototype, "ready");
    const four = await parseLogs([dir]);
    // b-many's events are held while a-big is being inflated: once it held 256, its reading had to wait.
    expect(ready.mock.results.some((r) => r.value !== null)).toBe(true);
    ready.mockRestore();
    expect(four).toEqual(one);
    expect(one.events.filter((e) => e.source.path.endsWith("b-many.log"))).toHaveLength(360);
  });
});
