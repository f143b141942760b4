/**
 * Scans several files at once on worker threads when `--jobs N` (N ≥ 2) asks for it, and reports events, warnings
 * and summaries exactly in the order a sequential scan would (in-order.ts).
 *
 * Only when asked: each worker costs ~50 MiB (its own isolate, module graph, parsers and scan memory), and
 * oomsleuth often runs on the machine that is short of memory. Measured on the bench's 8 rotated .gz (1 GiB of
 * text): `--jobs 2` 189 MB peak RSS, `--jobs 3` 238 MB, `--jobs 4` 291 MB, `--jobs 8` 473 MB, against 116-121 MB in
 * this thread; one worker per core by default would have put a 64-core server at ~3 GB. Without `--jobs`, the
 * files are scanned in this thread, several at a time, their decompression on zlib's threads (overlapped-scan.ts).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { OomEvent } from "../events/oom-event.js";
import type { InputInfo, ScanOptions } from "../scan/scan-input.js";
import type { InputSource } from "../sources/input-list.js";
import type { Warning } from "../warning.js";
import type { ToWorker, WorkerMessage } from "./scan-worker.js";
import { InOrder } from "./in-order.js";

const WORKER_URL = new URL("./scan-worker.js", import.meta.url);

export interface ParallelSink {
  event(e: OomEvent): void;
  warning(w: Warning): void;
  progress(index: number, rawBytes: number): void;
  started(index: number): void;
}

/**
 * Workers to use for these inputs (`jobs`: the `--jobs` asked for): 1 means scan in this thread. `workerBuilt`: whether
 * there is a compiled worker to start (not when running from the TypeScript sources, as the tests do).
 */
export function workersFor(inputs: InputSource[], jobs: number | undefined, workerBuilt: () => boolean = compiledWorkerExists): number {
  const files = inputs.filter((i) => i.kind === "file").length;
  if (files < 2 || files !== inputs.length) return 1; // stdin is read here, in order
  if (jobs === undefined || !Number.isFinite(jobs) || jobs < 2) return 1;
  if (!workerBuilt()) return 1;
  return Math.min(Math.floor(jobs), files);
}

function compiledWorkerExists(): boolean {
  return WORKER_URL.protocol === "file:" && existsSync(fileURLToPath(WORKER_URL));
}

export async function scanInParallel(inputs: InputSource[], opts: ScanOptions, workers: number, sink: ParallelSink): Promise<InputInfo[]> {
  const order = new InOrder(inputs.length, (item) => (item.kind === "event" ? sink.event(item.value) : sink.warning(item.value)));
  let next = 0; // the next input to hand out
  let failure: Error | null = null;

  const taskOpts = { format: opts.format, bootTimeMs: opts.bootTimeMs };
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(WORKER_URL);
      const send = (m: ToWorker) => worker.postMessage(m);
      // The input this worker scans is paused while its held items are too many (InOrder.ready), until they go.
      let paused = false;
      const holdBack = (index: number) => {
        const wait = order.ready(index);
        if (wait === null) {
          if (paused) send({ type: "resume" });
          paused = false;
          return;
        }
        if (!paused) send({ type: "pause" });
        paused = true;
        void wait.then(() => holdBack(index));
      };
      const give = () => {
        if (next >= inputs.length || failure) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const index = next++;
        sink.started(index);
        send({ index, input: inputs[index], opts: taskOpts });
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
        if (!paused) holdBack(m.index);
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
