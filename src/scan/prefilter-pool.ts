/**
 * BytePrefilters kept for reuse by the inputs scanned after one another in this thread.
 *
 * Why: a prefilter owns a WebAssembly memory of ~18 MiB (a 2 MiB region plus room for one candidate per line)
 * and an instance per line-end byte. Making one per input cost a directory of 3000 small files most of its time
 * in garbage collection (each memory counts as external memory and pushes V8 into a full GC). Scans in one
 * thread usually run one at a time, so one or two kept prefilters are enough; a concurrent caller gets a new one.
 */
import { BytePrefilter, LF, type PrefilterOptions } from "./simd-prefilter.js";

/** Kept per kind of prefilter: more would only hold memory that concurrent scans rarely need. */
const MAX_KEPT = 2;

const free = new Map<string, BytePrefilter[]>();
const keyOf = (needles: string[], capacity: number, opts: PrefilterOptions) =>
  `${capacity}\u0000${opts.maxScanBytes ?? capacity}\u0000${opts.forceJs ?? false}\u0000${needles.join("\u0000")}`;
const keys = new WeakMap<BytePrefilter, string>();

/** A prefilter for these needles and capacity, reused when one was released, else new; its line end is LF. */
export function acquirePrefilter(needles: string[], capacity: number, opts: PrefilterOptions = {}): BytePrefilter {
  const key = keyOf(needles, capacity, opts);
  const f = free.get(key)?.pop() ?? new BytePrefilter(needles, capacity, opts);
  keys.set(f, key);
  f.setLineEnd(LF);
  return f;
}

/** Gives a prefilter back: the caller must not touch it (nor its region) afterwards. */
export function releasePrefilter(f: BytePrefilter): void {
  const key = keys.get(f);
  if (key === undefined) return;
  keys.delete(f); // a second release of the same prefilter is a no-op
  const list = free.get(key) ?? [];
  if (list.length < MAX_KEPT) list.push(f);
  free.set(key, list);
}

/**
 * Lets go of the kept prefilters (~4 MiB of each one's memory is in use once it has scanned): when a scan ends, what
 * follows needs the memory more (a report's groups; 1 GiB made only of OOM reports: 131 -> 121-124 MiB peak RSS for
 * `report --json`).
 */
export function dropKeptPrefilters(): void {
  free.clear();
}
