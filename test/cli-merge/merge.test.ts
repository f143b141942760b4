import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli, SAMPLES } from "../cli/run-cli.js";

// Real logs of two hosts (samples/README.md): new-db1 (RHEL6, 20 reports, gzip'd) and hnsin-varnish (RHEL8, one).
const HOST_A = path.join(SAMPLES, "archive/new-db1");
const HOST_B = path.join(SAMPLES, "archive/hnsin-varnish");
const ENVELOPES = fileURLToPath(new URL("../fixtures/envelope/", import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), "oomsleuth-merge-"));

describe("fleet merge: parse --ndjson per host, report --events once", () => {
  it("gives the report of parsing every log in one place (inputs[] aside)", () => {
    const together = runCli(["report", "--json", "--no-progress", HOST_A, HOST_B]);
    expect(together.code).toBe(0);
    const files = [HOST_B, HOST_A].map((dir, i) => {
      const r = runCli(["parse", "--ndjson", "--no-progress", dir]);
      expect(r.code).toBe(0);
      const f = path.join(tmp, `host-${i}.ndjson`);
      writeFileSync(f, r.stdout);
      return f;
    });
    const merged = runCli(["report", "--json", "--no-progress", ...files.flatMap((f) => ["--events", f])]);
    expect(merged.code).toBe(0);
    const a = JSON.parse(together.stdout);
    const b = JSON.parse(merged.stdout);
    // new-db1's messages.1.gz holds 20 `invoked oom-killer` reports, hnsin-varnish's messages one.
    expect(a.inputs.map((i: { path: string }) => path.basename(i.path)).sort()).toEqual(["messages", "messages.1.gz"]);
    // NDJSON carries events only, not the per-input summaries: the one known difference.
    expect(b.inputs).toEqual([]);
    delete a.inputs;
    delete b.inputs;
    expect(b).toEqual(a);
  });
});

describe("parallel scan (worker threads)", () => {
  it("reports exactly what the sequential scan reports, in the same order", () => {
    // A directory of real logs in many envelopes (test/fixtures/envelope), some of them with warnings.
    const one = runCli(["parse", "--json", "--no-progress", "--jobs", "1", ENVELOPES]);
    const two = runCli(["parse", "--json", "--no-progress", "--jobs", "2", ENVELOPES]);
    expect(two.code).toBe(one.code);
    const seq = JSON.parse(one.stdout);
    expect(seq.inputs.length).toBeGreaterThan(8);
    expect(seq.events.length).toBeGreaterThan(5);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
  });

  it("streams NDJSON in input order too", () => {
    const one = runCli(["parse", "--ndjson", "--no-progress", "--jobs", "1", ENVELOPES, path.join(SAMPLES, "archive")]);
    const three = runCli(["parse", "--ndjson", "--no-progress", "--jobs", "3", ENVELOPES, path.join(SAMPLES, "archive")]);
    expect(three.stdout.split("\n").length).toBeGreaterThan(20);
    expect(three.stdout).toBe(one.stdout);
  });

  it("holds back a worker whose file is read ahead with many kills, and still reports what the sequential scan does", () => {
    // this VM's three kills (samples/this-machine/dmesg.txt) 120 times (360 events, more than the 256 held for a file
    // read ahead) behind a slow .gz of 200 copies: the second worker is paused, then resumed when the first is done.
    const vm = readFileSync(path.join(SAMPLES, "this-machine/dmesg.txt"));
    const dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-held-"));
    writeFileSync(path.join(dir, "a-big.log.gz"), gzipSync(Buffer.concat(Array.from({ length: 200 }, () => vm))));
    writeFileSync(path.join(dir, "b-many.log"), Buffer.concat(Array.from({ length: 120 }, () => vm)));
    copyFileSync(path.join(SAMPLES, "this-machine/dmesg.txt"), path.join(dir, "c-vm.log"));
    const one = runCli(["parse", "--ndjson", "--no-progress", "--jobs", "1", dir]);
    const two = runCli(["parse", "--ndjson", "--no-progress", "--jobs", "2", dir]);
    expect(one.stdout.split("\n").filter((l) => l.includes("b-many.log")).length).toBe(360);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });
});
