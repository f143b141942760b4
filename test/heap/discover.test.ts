/** discoverSnapshots over the copied go-leak run (heap/ + pprof/ + manifest.json). */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, expect, test } from "vitest";
import { discoverSnapshots } from "../../src/heap/discover.js";
import { sniff } from "../../src/heap/sniff.js";
import { GO_LEAK, HEAP_DIR, OTHER, PPROF_DIR } from "./fixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "oomsleuth-discover-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("finds every snapshot of the run by content, skips the rest silently", async () => {
  const { snapshots, warnings } = await discoverSnapshots([GO_LEAK]);
  expect(warnings).toEqual([]);
  const rel = snapshots.map((s) => s.path.slice(GO_LEAK.length));
  // heap-index.tsv of the corpus: 4 cycles × 6 pprof; plus 4 debug=1 texts and 4 pprof-saved files.
  expect(rel.filter((p) => /^heap\/heap\.\d\.\d\.pprof$/.test(p))).toHaveLength(24);
  expect(snapshots.filter((s) => s.format === "go-heap-text")).toHaveLength(4);
  expect(rel.filter((p) => p.startsWith("heap/pprof-tmpdir/"))).toHaveLength(4);
  expect(snapshots).toHaveLength(32);
  // manifest.json and the reference .txt files are not snapshots.
  expect(rel.some((p) => p.startsWith("pprof/") || p.endsWith(".json"))).toBe(false);
});

test("damaged snapshots become warnings; unknown files are skipped", async () => {
  const dir = join(scratch, "mixed");
  mkdirSync(join(dir, "nested"), { recursive: true });
  copyFileSync(`${HEAP_DIR}heap.4.6.pprof`, join(dir, "nested", "good.bin"));
  const bytes = readFileSync(`${HEAP_DIR}heap.4.6.pprof`);
  writeFileSync(join(dir, "cut.pprof"), bytes.subarray(0, 200));
  copyFileSync(`${PPROF_DIR}heap.4.6.inuse_space.top.txt`, join(dir, "notes.txt"));
  const { snapshots, warnings } = await discoverSnapshots([dir]);
  expect(snapshots.map((s) => s.path)).toEqual([join(dir, "nested", "good.bin")]);
  expect(warnings).toHaveLength(1);
  expect(warnings[0].path).toBe(join(dir, "cut.pprof"));
  expect(warnings[0].message).toContain("damaged");
});

test("a missing directory is a warning, not a crash", async () => {
  const { snapshots, warnings } = await discoverSnapshots([join(scratch, "absent")]);
  expect(snapshots).toEqual([]);
  expect(warnings).toHaveLength(1);
});

test("sniff: every raw proto of the run is recognised, no text fixture is", () => {
  for (const name of readdirSync(HEAP_DIR).filter((n) => n.endsWith(".pprof"))) {
    const raw = gunzipSync(readFileSync(`${HEAP_DIR}${name}`));
    expect(sniff(raw.subarray(0, 64)), name).toBe("pprof");
  }
  for (const path of [
    ...readdirSync(PPROF_DIR).map((n) => `${PPROF_DIR}${n}`),
    `${GO_LEAK}manifest.json`,
    `${OTHER}java_pid18624.hprof.header.txt`,
    `${OTHER}java_pid18624.hprof.stat.json`,
  ]) {
    expect(sniff(readFileSync(path).subarray(0, 64)), path).toBeNull();
  }
});
