/**
 * Scans several files at once on worker threads (`--jobs N`; by default one per core on machines with more
 * than two cores, none on two or fewer, see defaultWorkers) and reports events,
 * warnings and summaries exactly in the order a sequential scan would (in-order.ts).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { OomEvent } from "../events/oom-event.js";
import type { InputInfo, ScanOptions } from "../scan/scan-input.js";
import type { InputSource } from "../sources/input-list.js";
import type { Warning } from "../warning.js";
import type { ScanTask, WorkerMessage } from "./scan-worker.js";
import { InOrder } from "./in-order.js";

/** Below this many bytes in all, starting workers (~0.1 s each: module load, parser build) costs more than it saves. */
const MIN_PARALLEL_BYTES = 16 << 20;

const WORKER_URL = new URL("./scan-worker.js", import.meta.url);

export interface ParallelSink {
  event(e: OomEvent): void;
  warning(w: Warning): void;
  progress(index: number, rawBytes: number): void;
  started(index: number): void;
}

/**
 * Cores at or below which no worker is started unless asked for. One process already keeps two cores busy on
 * the inputs where workers could help (zlib inflates on libuv's threadpool while this thread scans), and each
 * worker costs ~50 MiB (its own module graph, parsers and scan memory). Measured on 2 cores, the bench's
 * 8 rotated .gz (256 MiB of text, `bench.js --only rotated --size 256 --runs 5`, load average 2–3):
 * `--jobs 1` 0.94–1.01 s, peak RSS 115 MiB; `--jobs 2` 1.20–1.21 s, 177 MiB. Untested above two cores.
 */
const MAX_CORES_WITHOUT_WORKERS = 2;

/** Workers when `--jobs` is not given: 1 (this thread) on small machines, else one per core. */
export function defaultWorkers(cores: number = availableParallelism()): number {
  return cores > MAX_CORES_WITHOUT_WORKERS ? cores : 1;
}

/** Workers to use for these inputs: 1 means scan in this thread. */
export function workersFor(inputs: InputSource[], jobs: number | undefined, cores?: number): number {
  const files = inputs.filter((i) => i.kind === "file").length;
  if (files < 2 || files !== inputs.length) return 1; // stdin is read here, in order
  const wanted = jobs !== undefined && Number.isFinite(jobs) && jobs >= 1 ? Math.floor(jobs) : defaultWorkers(cores);
  if (wanted <= 1) return 1;
  if (jobs === undefined && inputs.reduce((n, i) => n + (i.size ?? 0), 0) < MIN_PARALLEL_BYTES) return 1;
  // Running from the TypeScript sources (tests): there is no compiled worker to start.
  if (WORKER_URL.protocol !== "file:" || !existsSync(fileURLToPath(WORKER_URL))) return 1;
  return Math.min(wanted, files);
}

export async function scanInParallel(inputs: InputSource[], opts: ScanOptions, workers: number, sink: ParallelSink): Promise<InputInfo[]> {
  const order = new InOrder(inputs.length, (item) => (item.kind === "event" ? sink.event(item.value) : sink.warning(item.value)));
  let next = 0; // the next input to hand out
  let failure: Error | null = null;

  const taskOpts = { format: opts.format, bootTimeMs: opts.bootTimeMs };
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(WORKER_URL);
      const give = () => {
        if (next >= inputs.length || failure) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const index = next++;
        sink.started(index);
        worker.postMessage({ index, input: inputs[index], opts: taskOpts } satisfies ScanTask);
      };
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "progress") {
          sink.progress(m.index, m.rawBytes);
          return;
        }
        if (m.type === "failed") {
          failure ??= new Error(m.message);
          give();
          return;
        }
        if (m.type === "done") {
          order.done(m.index, m.info as InputInfo);
          give();
          return;
        }
        order.item(m.index, m.type === "event" ? { kind: "event", value: m.event as OomEvent } : { kind: "warning", value: m.warning as Warning });
      });
      worker.on("error", (err) => {
        failure ??= err;
        resolve();
      });
      give();
    });

  await Promise.all(Array.from({ length: workers }, runWorker));
  if (failure) throw failure;
  return order.summaries();
}
