import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { runCli, SAMPLES } from "./run-cli.js";

const dmesgPath = path.join(SAMPLES, "this-machine/dmesg.txt");
const dmesg = readFileSync(dmesgPath);
// samples/this-machine/dmesg.txt holds three real memcg kills of python3 (grep "Killed process").
const killPids = [...dmesg.toString().matchAll(/Killed process (\d+) \(python3\)/g)].map((m) => Number(m[1]));

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), "oomsleuth-cli-"));
}

describe("oomsleuth CLI", () => {
  it("teaches with --help: commands, examples and exit codes", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/parse/);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/Exit codes/);
  });

  it("prints its version", () => {
    const r = runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);
  });

  it("never waits for a terminal: usage on stderr and exit 2 when no input is named", async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["node", "oomsleuth", "parse"], {
      stdin,
      stdout: Object.assign(new PassThrough(), { write: (s: string) => (out.push(s), true) }) as never,
      stderr: Object.assign(new PassThrough(), { write: (s: string) => (err.push(s), true) }) as never,
      env: {},
    });
    expect(code).toBe(2);
    expect(err.join("")).toMatch(/no input/);
    expect(out.join("")).toBe("");
  });

  it("finds the same kills in a file, its gzip'd copy, on stdin and in a directory", () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "kern.log.2.gz"), gzipSync(dmesg));
    const fromFile = JSON.parse(runCli(["parse", "--json", dmesgPath]).stdout);
    const fromGz = JSON.parse(runCli(["parse", "--json", path.join(dir, "kern.log.2.gz")]).stdout);
    const fromStdin = JSON.parse(runCli(["parse", "--json"], dmesg).stdout);
    const fromDir = JSON.parse(runCli(["parse", "--json", dir]).stdout);
    const pids = (doc: { events: Array<{ kills: Array<{ pid: number }> }> }) => doc.events.flatMap((e) => e.kills.map((k) => k.pid));
    expect(pids(fromFile)).toEqual(killPids);
    expect(pids(fromGz)).toEqual(killPids);
    expect(pids(fromStdin)).toEqual(killPids);
    expect(pids(fromDir)).toEqual(killPids);
    expect(fromGz.inputs[0].gzip).toBe(true);
  });

  it("streams NDJSON, one event per line", () => {
    const r = runCli(["parse", "--ndjson", dmesgPath]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((e) => e.kills[0].pid)).toEqual(killPids);
  });

  it("reports a missing file and a truncated gzip by path, still reads the good input, and exits 2", () => {
    const dir = tmp();
    const gz = gzipSync(dmesg);
    writeFileSync(path.join(dir, "cut.gz"), gz.subarray(0, gz.length >> 1));
    copyFileSync(dmesgPath, path.join(dir, "good.log"));
    const r = runCli(["parse", "--json", path.join(dir, "missing.log"), path.join(dir, "cut.gz"), path.join(dir, "good.log")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.log: cannot read: no such file or directory/);
    expect(r.stderr).toMatch(/cut\.gz: byte \d+: truncated gzip data/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const doc = JSON.parse(r.stdout);
    expect(doc.events.filter((e: { source: { path: string } }) => e.source.path.endsWith("good.log")).flatMap((e: { kills: Array<{ pid: number }> }) => e.kills.map((k) => k.pid))).toEqual(killPids);
  });

  it("takes an empty file and random bytes calmly: exit 0, no events, no stack trace", () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "empty.log"), "");
    let seed = 12345;
    const random = Buffer.alloc(1 << 20);
    for (let i = 0; i < random.length; i++) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; random[i] = seed >> 16; }
    writeFileSync(path.join(dir, "random.bin"), random);
    for (const f of ["empty.log", "random.bin"]) {
      const r = runCli(["parse", "--json", path.join(dir, f)]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).events).toEqual([]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("cuts a 64 MiB line with no newline, says so, and stays within bounded memory", () => {
    const dir = tmp();
    const file = path.join(dir, "one-line.log");
    writeFileSync(file, Buffer.alloc(64 << 20, 0x41));
    const r = runCli(["parse", "--json", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/one-line\.log: line 1: line of 67108864 bytes cut/);
    expect(JSON.parse(r.stdout).warnings).toHaveLength(1);
  });
});
