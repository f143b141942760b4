/** readSnapshot / sniffing on the real files of corpus/go-leak and corpus/other-heaps. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, test } from "vitest";
import { parsePprofSavedFileName } from "../../src/heap/file-name.js";
import { parseGoHeapText } from "../../src/heap/go-heap-text.js";
import { pprofTop } from "../../src/heap/pprof-top.js";
import { readSnapshot } from "../../src/heap/read-snapshot.js";
import { SnapshotReadError } from "../../src/heap/snapshot.js";
import { GO_LEAK, HEAP_DIR, manifest, OTHER } from "./fixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "oomsleuth-heap-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("pprof (gzip'd profile.proto from /debug/pprof/heap)", () => {
  test("heap.1.6.pprof: time, binary, sample types, period", async () => {
    const s = await readSnapshot(`${HEAP_DIR}heap.1.6.pprof`);
    expect(s).not.toBeNull();
    expect(s!.format).toBe("pprof");
    expect(s!.timeSource).toBe("pprof-time-nanos");
    // manifest.json: the download of heap.1.6 ran from wall 1795725004.2067 to 1795725004.2691.
    const cycle1 = manifest().cycles[0].snapshots.find((x) => x.file === "heap/heap.1.6.pprof")!;
    const t = Date.parse(s!.time!) / 1000;
    expect(t).toBeGreaterThan(cycle1.wall_start_unix);
    expect(t).toBeLessThan(cycle1.wall_done_unix!);
    // manifest.json "binary": "/opt/leaky/leaky".
    expect(s!.binary).toBe("/opt/leaky/leaky");
    expect(s!.pid).toBeNull();
    expect(s!.sampleTypes.map((x) => x.type)).toEqual(["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"]);
    expect(s!.defaultSampleType).toBeNull();
    // Go's default MemProfileRate, 512 KiB.
    expect(s!.period).toBe(524288);
    expect(s!.periodType).toEqual({ type: "space", unit: "bytes" });
    expect(s!.sizeBytes).toBe(3055);
  });

  test("an uncompressed proto (0x0a…) reads the same", async () => {
    const raw = join(scratch, "heap.raw");
    writeFileSync(raw, gunzipSync(readFileSync(`${HEAP_DIR}heap.1.6.pprof`)));
    const s = await readSnapshot(raw);
    expect(s!.format).toBe("pprof");
    expect(pprofTop(s!.profile!).total).toBe(pprofTop((await readSnapshot(`${HEAP_DIR}heap.1.6.pprof`))!.profile!).total);
  });

  test("go tool pprof's saved file: binary from mapping[0] and from its name agree", async () => {
    const name = "pprof.leaky.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz";
    const s = await readSnapshot(`${HEAP_DIR}pprof-tmpdir/${name}`);
    expect(s!.binary).toBe("/opt/leaky/leaky");
    expect(parsePprofSavedFileName(name)).toEqual({ binary: "leaky" });
    expect(parsePprofSavedFileName("pprof.alloc_objects.alloc_space.inuse_objects.inuse_space.003.pb.gz")).toBeNull();
  });

  test("a truncated profile is damaged: typed error naming the path", async () => {
    const bytes = readFileSync(`${HEAP_DIR}heap.1.6.pprof`);
    const cut = join(scratch, "heap.cut.pprof");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await readSnapshot(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotReadError);
    expect((error as SnapshotReadError).kind).toBe("damaged");
    expect((error as SnapshotReadError).message).toContain(cut);
  });
});

describe("Go ?debug=1 text", () => {
  test("heap.1.2.debug1.txt: records add up to the header totals", () => {
    const text = readFileSync(`${HEAP_DIR}heap.1.2.debug1.txt`, "utf8");
    const parsed = parseGoHeapText(text);
    // Header line 1: "heap profile: 55: 543232 [63: 544416] @ heap/1048576".
    expect(parsed.headerTotals).toEqual([55, 543232, 63, 544416]);
    expect(parsed.profile.period).toBe(524288);
    // Unscaled record counts, re-read independently from the "N: N [N: N] @" lines.
    let inuse = 0;
    let alloc = 0;
    for (const m of text.matchAll(/^(\d+): (\d+) \[(\d+): (\d+)\] @/gm)) {
      inuse += Number(m[2]);
      alloc += Number(m[4]);
    }
    expect(inuse).toBe(543232);
    expect(alloc).toBe(544416);
    expect(parsed.memStats.Alloc).toBe(67907360);
  });

  test("scaled like pprof: bytes.Repeat dominates, with the exact scaled value", async () => {
    const s = await readSnapshot(`${HEAP_DIR}heap.1.2.debug1.txt`);
    expect(s!.format).toBe("go-heap-text");
    expect(s!.time).toBeNull();
    expect(s!.binary).toBeNull();
    const top = pprofTop(s!.profile!);
    expect(top.rows[0].name).toBe("bytes.Repeat");
    // First record "53: 542720 [53: 542720]": 10240-byte blocks, × 1/(1−e^(−10240/524288)).
    const scale = 1 / (1 - Math.exp(-10240 / 524288));
    expect(top.rows[0].flat).toBe(Math.trunc(542720 * scale));
  });

  // Each debug=1 text was fetched right after its proto (manifest.json), from the same last-GC
  // state: scaled as pprof scales it, every function's flat and cum equal the proto's, to the byte.
  for (const cycle of [1, 2, 3, 4]) {
    test(`heap.${cycle}.2.debug1.txt gives the same top as heap.${cycle}.2.pprof`, async () => {
      const text = pprofTop((await readSnapshot(`${HEAP_DIR}heap.${cycle}.2.debug1.txt`))!.profile!);
      const proto = pprofTop((await readSnapshot(`${HEAP_DIR}heap.${cycle}.2.pprof`))!.profile!);
      const strip = (r: { name: string; flat: number; cum: number }) => ({ name: r.name, flat: r.flat, cum: r.cum });
      expect(text.rows.map(strip)).toEqual(proto.rows.map(strip));
      expect(text.total).toBe(proto.total);
    });
  }
});

describe("V8 and HPROF: metadata from the head only", () => {
  test("V8 .heapsnapshot named by Node: time (local, read as UTC), pid, node count", async () => {
    const path = join(scratch, "Heap.20261126.192458.18532.0.001.heapsnapshot");
    copyFileSync(`${OTHER}Heap.20261126.192458.18532.0.001.heapsnapshot.head4k`, path);
    const s = await readSnapshot(path);
    expect(s!.format).toBe("v8");
    expect(s!.binary).toBe("node");
    expect(s!.pid).toBe(18532);
    expect(s!.time).toBe("2026-11-26T19:24:58.000Z");
    expect(s!.timeSource).toBe("file-name-local-as-utc");
    // corpus header.json: "node_count": 1277522, "edge_count": 3743770.
    expect(s!.details.nodeCount).toBe(1277522);
    expect(s!.details.edgeCount).toBe(3743770);
    expect(s!.profile).toBeNull();
  });

  test("a V8 snapshot under another name has no time", async () => {
    const path = join(scratch, "dump.heapsnapshot");
    copyFileSync(`${OTHER}Heap.20261126.192458.18532.0.001.heapsnapshot.head4k`, path);
    const s = await readSnapshot(path);
    expect(s!.time).toBeNull();
    expect(s!.pid).toBeNull();
  });

  test("HPROF: header timestamp and identifier size, pid from java_pid<pid>.hprof", async () => {
    const path = join(scratch, "java_pid18624.hprof");
    copyFileSync(`${OTHER}java_pid18624.hprof.head4k`, path);
    const s = await readSnapshot(path);
    expect(s!.format).toBe("hprof");
    expect(s!.binary).toBe("java");
    expect(s!.pid).toBe(18624);
    // java_pid18624.hprof.header.txt: timestamp_ms=1795721108162 (2026-11-26T19:25:08.162000 UTC), identifier_size=8.
    expect(s!.time).toBe("2026-11-26T19:25:08.162Z");
    expect(s!.details.identifierSize).toBe(8);
    expect(s!.details.version).toBe("JAVA PROFILE 1.0.2");
  });
});

describe("not snapshots, and unsupported ones", () => {
  test("JSON, reference text and a file starting with a newline are not snapshots", async () => {
    expect(await readSnapshot(`${GO_LEAK}manifest.json`)).toBeNull();
    expect(await readSnapshot(`${GO_LEAK}pprof/heap.1.6.inuse_space.top.txt`)).toBeNull();
    const nl = join(scratch, "newline.txt");
    writeFileSync(nl, "\nFile: leaky\n");
    expect(await readSnapshot(nl)).toBeNull();
  });

  test("Go WriteHeapDump ('go1.7 heap dump', runtime/heapdump.go) is recognised and refused", async () => {
    const path = join(scratch, "heapdump");
    writeFileSync(path, "go1.7 heap dump\n");
    const error = await readSnapshot(path).catch((e: unknown) => e);
    expect((error as SnapshotReadError).kind).toBe("unsupported");
  });

  test("a missing file is unreadable", async () => {
    const error = await readSnapshot(join(scratch, "nope")).catch((e: unknown) => e);
    expect((error as SnapshotReadError).kind).toBe("unreadable");
  });
});
