import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { SAMPLES } from "./run-cli.js";

async function run(stderrIsTty: boolean, extra: string[] = []) {
  const err: string[] = [];
  const out: Buffer[] = [];
  // A stream's write calls back once it is done with the chunk: the JSON is written a batch at a time, each awaited.
  const write = (chunk: string | Uint8Array, done?: () => void) => (out.push(Buffer.from(chunk)), done?.(), true);
  const code = await main(["node", "oomsleuth", "report", "--json", ...extra, path.join(SAMPLES, "archive")], {
    stdin: Object.assign(new PassThrough(), { isTTY: true }),
    stdout: Object.assign(new PassThrough(), { write }) as never,
    stderr: Object.assign(new PassThrough(), { isTTY: stderrIsTty, columns: 60, write: (s: string) => (err.push(s), true) }) as never,
    env: {},
  });
  return { code, err: err.join(""), out: Buffer.concat(out).toString("utf8") };
}

describe("progress on stderr", () => {
  it("shows files done, bytes read of all inputs and a current file when stderr is a terminal, and clears its line", async () => {
    const r = await run(true);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\[[012]\/2 done\] [\d.]+ MiB of [\d.]+ MiB .*(hnsin-varnish\/messages|new-db1\/messages\.1\.gz)/);
    // The bytes read of both inputs (two read at once) only grow, out of the two files' sizes.
    const sizes = ["archive/new-db1/messages.1.gz", "archive/hnsin-varnish/messages"].reduce((n, f) => n + statSync(path.join(SAMPLES, f)).size, 0);
    const shown = [...r.err.matchAll(/([\d.]+) MiB of ([\d.]+) MiB/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(shown.length).toBeGreaterThan(0);
    for (const [, of] of shown) expect(of).toBe(Number((sizes / (1 << 20)).toFixed(1)));
    for (let i = 1; i < shown.length; i++) expect(shown[i][0]).toBeGreaterThanOrEqual(shown[i - 1][0]);
    // However deep the checkout, a line never passes the terminal's width and keeps the file name.
    for (const line of r.err.split("\r\x1b[K").filter(Boolean)) expect(line.length).toBeLessThan(60);
    expect(r.err.endsWith("\r\x1b[K")).toBe(true);
    // The report itself is untouched: stdout is still one JSON document.
    const logs = [gunzipSync(readFileSync(path.join(SAMPLES, "archive/new-db1/messages.1.gz"))), readFileSync(path.join(SAMPLES, "archive/hnsin-varnish/messages"))];
    const killLines = logs.reduce((n, b) => n + (b.toString("utf8").match(/Killed process \d+/g)?.length ?? 0), 0);
    expect(JSON.parse(r.out).totals.kills).toBe(killLines);
  });

  it("never on a pipe, nor with --no-progress", async () => {
    expect((await run(false)).err).toBe("");
    expect((await run(true, ["--no-progress"])).err).toBe("");
  });
});
