/**
 * A young-generation collection on request, for streams of fresh buffers (byte-stream.ts: inflated gzip, compressed
 * reads, a pipe on stdin).
 *
 * Why: inflating a .gz makes a fresh 128 KiB buffer for every 128 KiB of text (Node's zlib allocates its output
 * buffers), and a pipe gives a fresh 64 KiB buffer per read, each dead as soon as it is scanned. Their memory lies
 * outside V8's heap, and little else is allocated meanwhile, so no young collection comes to free them; V8 answers
 * the growing outside memory with full collections instead: 78 of them on the bench's 1 GiB syslog.gz (~110 ms of
 * pauses and ~170 ms of incremental marking on this thread, 2.05-2.18 s, 105 MB peak RSS), 42 for the 1 GiB syslog
 * on stdin (1.18-1.28 s, 116 MB; now 0.85-1.07 s, 77-78 MB). A young collection every few MiB frees them for ~0.3 ms.
 *
 * V8 gives the collector to scripts only with --expose-gc, which a CLI cannot put on Node's command line; set at run
 * time, the flag installs `gc` in contexts made afterwards, so one new context lends it. Where that fails (another
 * engine, a flag that is refused), no collection is asked for and the scan goes as before.
 */
import v8 from "node:v8";
import { runInNewContext } from "node:vm";

type Gc = (options: { type: "minor" | "major" }) => void;

let gc: Gc | null | undefined;

function collector(): Gc | null {
  if (gc !== undefined) return gc;
  try {
    v8.setFlagsFromString("--expose-gc");
    const fn: unknown = runInNewContext("gc");
    gc = typeof fn === "function" ? (fn as Gc) : null;
  } catch {
    gc = null;
  }
  return gc;
}

/**
 * Soon-dead bytes (of every stream of this thread) between two young collections. Measured on the bench's 1 GiB
 * syslog.gz / 8 rotated .gz (`/usr/bin/time`, two runs each): none 2.05-2.18 s, 105 MB / 1.47-1.55 s, 120 MB; every
 * 2 MiB 1.85-1.95 s, 76 MB / 1.40-1.60 s, 98-122 MB; 4 MiB 1.63-1.67 s, 76-79 MB / 1.32-1.39 s, 97-98 MB; 8 MiB
 * 1.60-1.72 s, 80-84 MB / 1.31-1.35 s, 91-101 MB; 16 MiB 1.94 s, 91-92 MB / 1.28-1.40 s, 102-109 MB.
 */
export const EVERY_BYTES = 4 << 20;
let since = 0;

/** Counts `bytes` of freshly allocated, soon dead buffers, and collects V8's young generation every EVERY_BYTES. */
export function noteDeadSoon(bytes: number): void {
  since += bytes;
  if (since < EVERY_BYTES) return;
  since = 0;
  collector()?.({ type: "minor" });
}
