import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BIN } from "./run-cli.js";

// The first real memcg report of this VM (samples/this-machine/dmesg.txt lines 347-425), fed the way
// `journalctl -kf` or `dmesg -w` would: the report, then silence, with the pipe left open.
const report = readFileSync(new URL("../../samples/this-machine/dmesg.txt", import.meta.url), "utf8").split("\n").slice(346, 425).join("\n") + "\n";
// This VM's `journalctl -k` (short), then a systemd-oomd kill as a notes file quotes it (test/userspace).
const journal = readFileSync(new URL("../../samples/this-machine/journal/journalctl-k-short.txt", import.meta.url), "utf8");
const oomd =
  "Oct 09 19:25:20 pekka systemd-oomd[1027]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-code-892075.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 59.83% > 50.00% for > 20s with reclaim activity\n";

/** Resolves once `pattern` is in what `read()` gives, or after `ms`. */
async function waitFor(read: () => string, pattern: string, ms: number): Promise<void> {
  const started = Date.now();
  while (!read().includes(pattern) && Date.now() - started < ms) await new Promise((r) => setTimeout(r, 20));
}

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

  it("prints a userspace kill as soon as its line comes, not once the stream has been quiet for a while", async () => {
    const child = spawn(process.execPath, [BIN, "parse", "--ndjson"], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stdin.write(journal);
    await new Promise((r) => setTimeout(r, 300));
    // The next line completes the kill's record (until then more of it could follow). Lines wait to be read in
    // batches; a pause in the stream has them read (scan-input SETTLE_MS), well before the 3 s after which a quiet
    // stream's open records and reports are given up (IDLE_MS).
    child.stdin.write(oomd + journal.split("\n")[0] + "\n");
    const written = Date.now();
    await waitFor(() => out, "systemd-oomd", 2_500);
    const waited = Date.now() - written;
    child.stdin.end();
    await new Promise((r) => child.on("close", r));
    expect(waited).toBeLessThan(2_500);
    const killers = out.trim().split("\n").map((l) => JSON.parse(l).killer);
    expect(killers.filter((k) => k === "systemd-oomd")).toHaveLength(1);
  });
});
