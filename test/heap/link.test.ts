/**
 * Linking the 29 kernel kills of corpus/go-leak (4 from this run, 25 earlier ones, verbatim in
 * manifest.json) to the run's snapshots. Kill wall time = boot wall (manifest
 * boot_wall_unix_from_uptime = 1795720301.266, from CLOCK_REALTIME − /proc/uptime) + the [uptime].
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { discoverSnapshots } from "../../src/heap/discover.js";
import { commOf, linkSnapshots, type KillRef } from "../../src/heap/link.js";
import { scaledLabel } from "../../src/heap/pprof-units.js";
import { readSnapshot } from "../../src/heap/read-snapshot.js";
import type { Snapshot } from "../../src/heap/snapshot.js";
import { GO_LEAK, HEAP_DIR, manifest, OTHER, parseTopText, reference, type ManifestKill } from "./fixtures.js";

const run = manifest();
let snapshots: Snapshot[] = [];
beforeAll(async () => {
  snapshots = (await discoverSnapshots([GO_LEAK])).snapshots;
});

function killRef(k: ManifestKill, withTime = true): KillRef {
  return {
    eventId: `${k.pid}@${k.uptime}`,
    groupKey: k.comm,
    comm: k.comm,
    pid: k.pid,
    wallMs: withTime ? (run.bootWall + k.uptime) * 1000 : null,
  };
}

describe("the real run", () => {
  test("the manifest has 4 kills of this run and 25 earlier ones", () => {
    expect(run.ours.map((k) => k.pid)).toEqual(run.cycles.map((c) => c.pid));
    expect(run.others).toHaveLength(25);
  });

  test("each of the 4 kills links to the last snapshot of its own cycle, bytes.Repeat on top", () => {
    const kills = [...run.others, ...run.ours].map((k) => killRef(k));
    const links = linkSnapshots(kills, snapshots);
    for (const [i, kill] of run.ours.entries()) {
      const cycle = i + 1;
      const link = links.find((l) => l.eventId === `${kill.pid}@${kill.uptime}`)!;
      expect(link.timeUnknown).toBe(false);
      expect(link.last!.path).toBe(`${HEAP_DIR}heap.${cycle}.6.pprof`);
      expect(link.last!.sampleType).toBe("inuse_space");
      expect(link.last!.top[0].function).toBe("bytes.Repeat");
      // The reference top of heap.<cycle>.6 inuse_space gives bytes.Repeat's share.
      const ref = parseTopText(reference(`heap.${cycle}.6.inuse_space.top.txt`)).rows[0];
      expect(ref.name).toBe("bytes.Repeat");
      expect(`${link.last!.top[0].flatPct.toFixed(2)}%`).toBe(ref.flatPct);
      // Snapshots come every ~2 s: the last one is less than 2.5 s before the kill.
      expect(link.last!.msBeforeKill!).toBeGreaterThan(0);
      expect(link.last!.msBeforeKill!).toBeLessThan(2500);
      // This incarnation only: heap.<cycle>.1…6 and the one pprof-saved file of the cycle.
      const own = run.cycles[i].snapshots.filter((s) => !s.file.endsWith(".txt")).map((s) => `${GO_LEAK}${s.file}`);
      expect([...link.snapshots].sort()).toEqual([...own].sort());
      expect(link.growth!.from).toBe(`${HEAP_DIR}heap.${cycle}.1.pprof`);
      expect(link.growth!.to).toBe(`${HEAP_DIR}heap.${cycle}.6.pprof`);
      expect(link.growth!.top[0].function).toBe("bytes.Repeat");
      expect(link.growth!.top[0].deltaBytes).toBeGreaterThan(0);
    }
  });

  test("cycle 1 growth equals go tool pprof -diff_base heap.1.1 (63593kB in bytes.Repeat)", () => {
    const links = linkSnapshots([killRef(run.ours[0])], snapshots);
    const ref = parseTopText(reference("heap.1.6.diff_base-heap.1.1.inuse_space.top.txt")).rows;
    const growth = links[0].growth!;
    for (const [i, row] of ref.entries()) {
      expect(growth.top[i].function).toBe(row.name);
      expect(scaledLabel(growth.top[i].deltaBytes, "bytes", "kB")).toBe(row.flat === "0" ? "0" : row.flat);
    }
  });

  test("the 25 earlier kills (python3, payment-gateway and older leaky pids) link to nothing", () => {
    const kills = [...run.others, ...run.ours].map((k) => killRef(k));
    const links = linkSnapshots(kills, snapshots);
    const earlier = links.slice(0, 25);
    expect(earlier).toHaveLength(25);
    for (const link of earlier) {
      expect(link.last).toBeNull();
      expect(link.snapshots).toEqual([]);
    }
  });
});

test("comm is the binary's basename cut to 15 characters", () => {
  // manifest: binary /opt/leaky/leaky, kernel comm "leaky"; payment-gateway is exactly 15.
  expect(commOf("/opt/leaky/leaky")).toBe("leaky");
  expect(commOf("/srv/payment-gateway-v2")).toBe("payment-gateway");
});

test("without wall time: binary and directory only, marked timeUnknown", () => {
  const kill = { ...killRef(run.ours[3], false), logDir: HEAP_DIR.replace(/\/$/, "") };
  const [link] = linkSnapshots([kill], snapshots);
  expect(link.timeUnknown).toBe(true);
  // Every leaky snapshot under heap/ qualifies, cut to the last run of the process: in-use space falls
  // from ~68 MB (heap.3.6) to a few MB (heap.4.1) at the restart, so only cycle 4 is left.
  expect(link.snapshots.length).toBeGreaterThanOrEqual(6);
  // (pprof-tmpdir's `….004.pb.gz` is the copy `go tool pprof` saved during cycle 4.)
  expect(link.snapshots.filter((p) => !p.includes("heap.4.") && !p.endsWith(".004.pb.gz"))).toEqual([]);
  expect(link.last!.path).toBe(`${HEAP_DIR}heap.4.6.pprof`);
  expect(link.last!.msBeforeKill).toBeNull();
  const elsewhere = linkSnapshots([{ ...kill, logDir: "/var/log" }], snapshots);
  expect(elsewhere[0].last).toBeNull();
});

describe("pid in the file name must match", () => {
  const scratch = mkdtempSync(join(tmpdir(), "oomsleuth-link-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test("java_pid18624.hprof links to pid 18624 only", async () => {
    const path = join(scratch, "java_pid18624.hprof");
    copyFileSync(`${OTHER}java_pid18624.hprof.head4k`, path);
    const hprof = (await readSnapshot(path))!;
    // java.stderr.txt: the JVM dumped, then exited on its own OutOfMemoryError. We pose a kill
    // 1 s after the header time (1795721108162 ms) to test the pid rule.
    const at = 1795721108162 + 1000;
    const base = { groupKey: "java", comm: "java", wallMs: at };
    const [match, other] = linkSnapshots(
      [
        { ...base, eventId: "a", pid: 18624 },
        { ...base, eventId: "b", pid: 999, groupKey: "java-2" },
      ],
      [hprof],
    );
    expect(match.last!.path).toBe(path);
    expect(match.last!.top).toEqual([]);
    expect(match.last!.msBeforeKill).toBe(1000);
    expect(other.last).toBeNull();
    expect(readFileSync(`${OTHER}java_pid18624.hprof.header.txt`, "utf8")).toContain("timestamp_ms=1795721108162");
  });
});
