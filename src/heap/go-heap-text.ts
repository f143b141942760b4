/**
 * Go's `/debug/pprof/heap?debug=1` text form (runtime/pprof writeHeapInternal, Go 1.19):
 *
 *   heap profile: 55: 543232 [63: 544416] @ heap/1048576
 *   53: 542720 [53: 542720] @ 0x670bfe 0x670be6 …
 *   #	0x670bfd	bytes.Repeat+0x9d	bytes/bytes.go:610
 *   …
 *   # runtime.MemStats
 *   # Alloc = 67907360
 *
 * Counts are *unsampled* ("inuse_objects: inuse_bytes [alloc_objects: alloc_bytes]"), so we scale
 * them as pprof's legacy parser does (profile/legacy_profile.go scaleHeapSample), with the
 * sampling period = the header's rate / 2 for "heap/" (Go writes 2×MemProfileRate there).
 * Stacks come from the symbolized "#" lines (leaf first); the text does not say which frames
 * were inlined, so no "(inline)" marks. Values follow Go's proto order:
 * alloc_objects, alloc_space, inuse_objects, inuse_space.
 */
import type { Frame, HeapProfile, ProfileSample } from "./heap-profile.js";

const HEADER = /^heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const RECORD = /^(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@/;
const FRAME = /^#\t0x[0-9a-f]+(?:\t([^\t]+?)(?:\+0x[0-9a-f]+)?\t)?/;
const MEMSTAT = /^# (\w+) = (\d+)$/;

export interface GoHeapText {
  profile: HeapProfile;
  /** Header totals, unsampled: [inuse objects, inuse bytes, alloc objects, alloc bytes]. */
  headerTotals: [number, number, number, number];
  /** `# runtime.MemStats` values (Alloc, HeapInuse, Sys, NumGC…), when present. */
  memStats: Record<string, number>;
}

export class GoHeapTextError extends Error {}

/** pprof `scaleHeapSample`: undo the sampling (the chance a block of avgSize was sampled). */
export function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const avgSize = size / count;
  const scale = 1 / (1 - Math.exp(-avgSize / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}

export function isGoHeapTextHeader(firstLine: string): boolean {
  return HEADER.test(firstLine);
}

/** Throws GoHeapTextError when the header is missing or malformed. */
export function parseGoHeapText(text: string): GoHeapText {
  const lines = text.split("\n");
  const header = HEADER.exec(lines[0] ?? "");
  if (!header) throw new GoHeapTextError("no 'heap profile: N: N [N: N] @ heap/N' header");
  const kind = header[5];
  const headerRate = header[6] === "" ? 0 : Number(header[6]);
  // legacy_profile.go parseHeapHeader: "heap" carries 2×rate; the v2 names carry the rate itself.
  const scaled = kind === "heap" || kind === "heap_v2" || kind === "heapz_v2";
  const period = kind === "heap" ? Math.trunc(headerRate / 2) : scaled ? headerRate : 1;

  const samples: ProfileSample[] = [];
  const memStats: Record<string, number> = {};
  let current: { counts: number[]; leafFirst: string[] } | null = null;
  const finish = (): void => {
    if (!current) return;
    const [inuseObjects, inuseBytes, allocObjects, allocBytes] = current.counts;
    const rate = scaled ? period : 1;
    const [ao, ab] = scaleHeapSample(allocObjects, allocBytes, rate);
    const [io, ib] = scaleHeapSample(inuseObjects, inuseBytes, rate);
    const stack: Frame[] = current.leafFirst.reverse().map((name) => ({ name, inlined: false }));
    samples.push({ stack, values: [ao, ab, io, ib] });
    current = null;
  };

  let inMemStats = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (inMemStats) {
      const m = MEMSTAT.exec(line);
      if (m) memStats[m[1]] = Number(m[2]);
      continue;
    }
    if (line.startsWith("# runtime.MemStats")) {
      finish();
      inMemStats = true;
      continue;
    }
    const record = RECORD.exec(line);
    if (record) {
      finish();
      current = { counts: [1, 2, 3, 4].map((g) => Number(record[g])), leafFirst: [] };
      continue;
    }
    if (current && line.startsWith("#\t")) {
      const frame = FRAME.exec(line);
      current.leafFirst.push(frame && frame[1] ? frame[1] : "<unknown>");
    }
  }
  finish();

  const profile: HeapProfile = {
    sampleTypes: [
      { type: "alloc_objects", unit: "count" },
      { type: "alloc_space", unit: "bytes" },
      { type: "inuse_objects", unit: "count" },
      { type: "inuse_space", unit: "bytes" },
    ],
    defaultSampleType: null,
    samples,
    mainBinary: null,
    buildId: null,
    comments: [],
    timeNanos: null,
    durationNanos: 0,
    period,
    periodType: { type: "space", unit: "bytes" },
  };
  const totals = [1, 2, 3, 4].map((g) => Number(header[g])) as [number, number, number, number];
  return { profile, headerTotals: totals, memStats };
}
