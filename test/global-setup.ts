// Every temporary file of a test run (test fixtures, gigabyte-sized robustness inputs, the CLI's own spool) goes
// under one directory made here and removed when the run ends: tests need not clean up after themselves, and a
// failed or interrupted test leaves nothing behind in the machine's /tmp for long.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const run = mkdtempSync(path.join(tmpdir(), "oomsleuth-test-run-"));
  // os.tmpdir() reads TMPDIR on each call; test workers and the CLI processes they spawn inherit it.
  process.env.TMPDIR = run;
  return () => rmSync(run, { recursive: true, force: true });
}
