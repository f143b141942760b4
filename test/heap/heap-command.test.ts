/** runHeap: text is `go tool pprof -top` under a title line; --json; --diff; exit codes. */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, expect, test } from "vitest";
import { runHeap } from "../../src/commands/heap.js";
import { GO_LEAK, HEAP_DIR, OTHER, reference } from "./fixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "oomsleuth-heapcmd-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(paths: string[], opts: Parameters<typeof runHeap>[1] = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const code = await runHeap(paths, opts, { stdout, stderr });
  return { code, out, err };
}

test("text: title line with the path, then exactly go tool pprof -top", async () => {
  const path = `${HEAP_DIR}heap.3.6.pprof`;
  const { code, out, err } = await run([path]);
  expect(code).toBe(0);
  expect(err).toBe("");
  const [title, ...rest] = out.split("\n");
  expect(title.startsWith(path)).toBe(true);
  expect(rest.join("\n")).toBe(reference("heap.3.6.inuse_space.top.txt"));
});

test("--sample-index alloc_space and --diff", async () => {
  const alloc = await run([`${HEAP_DIR}heap.2.6.pprof`], { sampleIndex: "alloc_space" });
  expect(alloc.out.split("\n").slice(1).join("\n")).toBe(reference("heap.2.6.alloc_space.top.txt"));
  const diff = await run([`${HEAP_DIR}heap.1.6.pprof`], { diff: `${HEAP_DIR}heap.1.1.pprof` });
  expect(diff.code).toBe(0);
  expect(diff.out.split("\n").slice(1).join("\n")).toBe(reference("heap.1.6.diff_base-heap.1.1.inuse_space.top.txt"));
});

test("--json: schema, rows in pprof order, diffBase", async () => {
  const { code, out } = await run([`${HEAP_DIR}heap.4.6.pprof`], { json: true, diff: `${HEAP_DIR}heap.4.1.pprof` });
  expect(code).toBe(0);
  const doc = JSON.parse(out);
  expect(doc.schema).toBe("oomsleuth/heap@1");
  expect(doc.snapshots).toHaveLength(1);
  const s = doc.snapshots[0];
  expect(s.format).toBe("pprof");
  expect(s.binary).toBe("/opt/leaky/leaky");
  expect(s.sampleType).toBe("inuse_space");
  expect(s.diffBase).toBe(`${HEAP_DIR}heap.4.1.pprof`);
  expect(s.top[0].function).toBe("bytes.Repeat");
  expect(Object.keys(s.top[0]).slice(0, 5)).toEqual(["function", "flatBytes", "flatPct", "cumBytes", "cumPct"]);
  const plain = JSON.parse((await run([`${HEAP_DIR}heap.4.6.pprof`], { json: true })).out).snapshots[0];
  // heap.4.6.inuse_space.top.txt: "Showing nodes accounting for 68.16MB, 100% of 68.16MB total", bytes.Repeat 99.27 %.
  expect((plain.totalBytes / 1048576).toFixed(2)).toBe("68.16");
  expect(plain.top[0].flatPct).toBe(99.27);
  expect(plain.top.map((r: { function: string }) => r.function).slice(-1)[0]).toBe("runtime.systemstack");
});

test("a directory is searched; metadata-only formats print their header fields", async () => {
  const dir = join(scratch, "dumps");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(dir);
  copyFileSync(`${OTHER}java_pid18624.hprof.head4k`, join(dir, "java_pid18624.hprof"));
  const { code, out } = await run([dir]);
  expect(code).toBe(0);
  expect(out).toContain("java_pid18624.hprof (hprof)");
  expect(out).toContain("PID: 18624");
  expect(out).toContain("Time: 2026-11-26T19:25:08.162Z");
});

test("unknown or missing input: exit 2 with the path named; the readable ones still print", async () => {
  const unknown = `${GO_LEAK}manifest.json`;
  const missing = join(scratch, "missing.pprof");
  const { code, out, err } = await run([unknown, `${HEAP_DIR}heap.1.6.pprof`, missing]);
  expect(code).toBe(2);
  expect(err).toContain(unknown);
  expect(err).toContain(missing);
  expect(out).toContain("bytes.Repeat (inline)");
});

test("bad --sample-index is reported, exit 2", async () => {
  const { code, err } = await run([`${HEAP_DIR}heap.1.6.pprof`], { sampleIndex: "cpu" });
  expect(code).toBe(2);
  expect(err).toContain("cpu");
});
