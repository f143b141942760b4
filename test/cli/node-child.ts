import { spawnSync } from "node:child_process";
import { expect } from "vitest";

/** The number an ES module script prints, run in a child Node (V8 flags are per process); it must write no error. */
export function numberPrintedBy(script: string): number {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return Number(r.stdout.trim());
}
