/**
 * What heap-dump file names say (heap-formats.md §3–4):
 * - Node `--heapsnapshot-near-heap-limit` / `v8.writeHeapSnapshot()`:
 *   `Heap.<yyyymmdd>.<hhmmss>.<pid>.<tid>.<seq>.heapsnapshot`, time in the process's *local* zone;
 * - JVM `-XX:+HeapDumpOnOutOfMemoryError`: `java_pid<pid>.hprof` (later dumps `.1`, `.2`, or `.hprof.gz`);
 * - `go tool pprof`: `pprof.<binary>.<sample types>.NNN.pb.gz` (no time, no pid).
 * A pid in a name is the pid *inside* the process's namespace (often 1 in a container).
 */

export interface V8FileName {
  /** "YYYY-MM-DDTHH:MM:SS" local time, zone unknown. */
  localTime: string;
  pid: number;
}

const V8_NAME = /^Heap\.(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})\.(\d+)\.(\d+)\.(\d+)\.heapsnapshot$/;
const HPROF_NAME = /^java_pid(\d+)\.hprof(?:\.\d+)?(?:\.gz)?$/;
const PPROF_SAVED_NAME = /^pprof\.(.+)\.\d+\.pb\.gz$/;
/** Sample-type words pprof joins into its saved names (heap, allocs, CPU, mutex, block, goroutine). */
const SAMPLE_TYPE_WORDS = new Set([
  "alloc_objects", "alloc_space", "inuse_objects", "inuse_space", "samples", "cpu",
  "contentions", "delay", "goroutine", "count", "objects", "space",
]);

export function parseV8FileName(name: string): V8FileName | null {
  const m = V8_NAME.exec(name);
  if (!m) return null;
  return { localTime: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`, pid: Number(m[7]) };
}

export function parseHprofFileName(name: string): { pid: number } | null {
  const m = HPROF_NAME.exec(name);
  return m ? { pid: Number(m[1]) } : null;
}

/**
 * The binary in a `go tool pprof` saved name `pprof.<bin>.<type>.<type>….NNN.pb.gz`
 * (pprof leaves `<bin>.` out when the profile names no binary). Binary names may contain dots.
 */
export function parsePprofSavedFileName(name: string): { binary: string } | null {
  const m = PPROF_SAVED_NAME.exec(name);
  if (!m) return null;
  const parts = m[1].split(".");
  const firstType = parts.findIndex((p) => SAMPLE_TYPE_WORDS.has(p));
  const binaryParts = firstType < 0 ? parts : parts.slice(0, firstType);
  return binaryParts.length > 0 ? { binary: binaryParts.join(".") } : null;
}
