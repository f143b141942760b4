/**
 * Scans several files at once on worker threads (one per core by default, `--jobs N`) and reports events,
 * warnings and summaries exactly in the order a sequential scan would: what a worker finds for input i is
 * passed on at once when every input before i is finished, else held until they are.
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

/** Below this many bytes in all, starting workers (~0.1 s each: module load, parser build) costs more than it saves. */
const MIN_PARALLEL_BYTES = 16 << 20;

const WORKER_URL = new URL("./scan-worker.js", import.meta.url);

export interface ParallelSink {
  event(e: OomEvent): void;
  warning(w: Warning): void;
  progress(index: number, rawBytes: number): void;
  started(index: number): void;
}

/** Workers to use for these inputs: 1 means scan in this thread. */
export function workersFor(inputs: InputSource[], jobs: number | undefined): number {
  const files = inputs.filter((i) => i.kind === "file").length;
  if (files < 2 || files !== inputs.length) return 1; // stdin is read here, in order
  const wanted = jobs !== undefined && Number.isFinite(jobs) && jobs >= 1 ? Math.floor(jobs) : availableParallelism();
  if (wanted <= 1) return 1;
  if (jobs === undefined && inputs.reduce((n, i) => n + (i.size ?? 0), 0) < MIN_PARALLEL_BYTES) return 1;
  // Running from the TypeScript sources (tests): there is no compiled worker to start.
  if (WORKER_URL.protocol !== "file:" || !existsSync(fileURLToPath(WORKER_URL))) return 1;
  return Math.min(wanted, files);
}

type Item = { kind: "event"; value: OomEvent } | { kind: "warning"; value: Warning };

export async function scanInParallel(inputs: InputSource[], opts: ScanOptions, workers: number, sink: ParallelSink): Promise<InputInfo[]> {
  const infos: Array<InputInfo | undefined> = new Array(inputs.length);
  const held: Item[][] = inputs.map(() => []);
  let head = 0; // the first input not finished: its items go straight through
  let next = 0; // the next input to hand out
  let failure: Error | null = null;
  const pass = (item: Item) => (item.kind === "event" ? sink.event(item.value) : sink.warning(item.value));

  const advance = () => {
    while (head < inputs.length && infos[head] !== undefined) {
      head++;
      if (head < inputs.length) {
        for (const item of held[head]) pass(item);
        held[head] = [];
      }
    }
  };

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
          infos[m.index] = m.info as InputInfo;
          advance();
          give();
          return;
        }
        const item: Item = m.type === "event" ? { kind: "event", value: m.event as OomEvent } : { kind: "warning", value: m.warning as Warning };
        if (m.index === head) pass(item);
        else held[m.index].push(item);
      });
      worker.on("error", (err) => {
        failure ??= err;
        resolve();
      });
      give();
    });

  await Promise.all(Array.from({ length: workers }, runWorker));
  if (failure) throw failure;
  return infos as InputInfo[];
}
