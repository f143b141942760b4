/**
 * Scans inputs in this thread with up to `lanes` of them under way at once, reporting events, warnings and
 * summaries in input order (in-order.ts). One lane is the plain one-after-another scan.
 *
 * Why lanes: zlib inflates on libuv's threadpool, one job at a time per stream. With one input under way,
 * a directory of rotated .gz runs one inflate beside this thread's scan, and the scan waits for it; with several,
 * inflates run while this thread scans whichever chunk is ready, so the cores are busy without a worker
 * thread (~50 MiB each). Safe in one thread: each scanInput has its own reader and assembler, and nothing it
 * does synchronously (a parse, a record) spans an await.
 */
import { availableParallelism } from "node:os";
import type { InputInfo, ScanOptions } from "../scan/scan-input.js";
import type { InputSource } from "../sources/input-list.js";
import { InOrder } from "./in-order.js";
import type { ParallelSink } from "./parallel-scan.js";

/**
 * Lanes when no worker is used: for several files, one per core, at least two and at most four (libuv runs four
 * threadpool jobs at once); one for stdin or one file, and one when `--jobs 1` asks for one file at a time. Measured on
 * 2 cores, the bench's 8 rotated .gz (1 GiB of text), with young collections for the inflated buffers (minor-gc.ts):
 * two lanes 1.32-1.34 s, 85 MB peak RSS; three 1.31-1.37 s, 96-98 MB; four 1.33-1.46 s, 97-116 MB; six 1.30-1.32 s,
 * 99-105 MB. Lanes beyond the cores only cost memory (a lane holds its scan memory and zlib's); where there are more
 * cores, more inflates can run beside this thread's scan.
 */
export function lanesFor(inputs: InputSource[], jobs: number | undefined, cores: number = availableParallelism()): number {
  if (jobs !== undefined) return 1;
  return inputs.length >= 2 && inputs.every((i) => i.kind === "file") ? Math.min(Math.max(cores, 2), MAX_LANES) : 1;
}
const MAX_LANES = 4;

export async function scanOverlapped(inputs: InputSource[], opts: ScanOptions, lanes: number, sink: ParallelSink): Promise<InputInfo[]> {
  // Loaded here, not at the top: with workers the main thread never builds the parsers (memory, start-up).
  const { scanInput } = await import("../scan/scan-input.js");
  const order = new InOrder(inputs.length, (item) => (item.kind === "event" ? sink.event(item.value) : sink.warning(item.value)));
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < inputs.length && !failed) {
      const index = next++;
      sink.started(index);
      try {
        const info = await scanInput(inputs[index], opts, {
          event: (value) => order.item(index, { kind: "event", value }),
          warning: (value) => order.item(index, { kind: "warning", value }),
          progress: (rawBytes) => sink.progress(index, rawBytes),
          ready: () => order.ready(index),
        });
        order.done(index, info);
      } catch (err) {
        failed = true; // a bug, not bad input (scanInput turns that into warnings): the other lane stops too
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, inputs.length)) }, lane));
  return order.summaries();
}
