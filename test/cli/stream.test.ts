import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BIN } from "./run-cli.js";

// The first real memcg report of this VM (samples/this-machine/dmesg.txt lines 347-425), fed the way
// `journalctl -kf` or `dmesg -w` would: the report, then silence, with the pipe left open.
const report = readFileSync(new URL("../../samples/this-machine/dmesg.txt", import.meta.url), "utf8").split("\n").slice(346, 425).join("\n") + "\n";

describe("parse --ndjson on a live stream", () => {
  it("prints the kill while the stream stays open, once it has been quiet for a moment", async () => {
    const child = spawn(process.execPath, [BIN, "parse", "--ndjson"], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stdin.write(report);
    const started = Date.now();
    while (!out.includes("\n") && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 100));
    const stillOpen = child.exitCode === null;
    child.stdin.end();
    await new Promise((r) => child.on("close", r));
    expect(stillOpen).toBe(true);
    const events = out.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.map((e) => e.kills[0].pid)).toEqual([7395]);
    expect(events[0].complete).toBe(true);
  });
});
