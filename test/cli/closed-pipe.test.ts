import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, SAMPLES } from "./run-cli.js";

/** Runs the CLI and closes its stdout after the first chunk, as `| head -1` does. */
function firstChunkThenClose(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; first: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1", ...env } });
    let first = "";
    let stderr = "";
    child.stdout.once("data", (d: Buffer) => {
      first = d.toString("utf8");
      child.stdout.destroy();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("close", (code) => resolve({ code, first, stderr }));
  });
}

describe("output into a pipe closed early (| head)", () => {
  // The RHEL6 archive's events make a document far bigger than one pipe buffer: writes go on after the close.
  const archive = path.join(SAMPLES, "archive");

  for (const mode of [["--json"], ["--ndjson"], []]) {
    it(`parse ${mode.join(" ") || "(text)"}: ends quietly with exit 0, no stack trace, no temporary file left`, async () => {
      const tmp = mkdtempSync(path.join(tmpdir(), "oomsleuth-pipe-"));
      const r = await firstChunkThenClose(["parse", ...mode, "--no-progress", archive], { TMPDIR: tmp });
      expect(r.first.length).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
      expect(r.code).toBe(0);
      expect(readdirSync(tmp)).toEqual([]);
    });
  }
});
