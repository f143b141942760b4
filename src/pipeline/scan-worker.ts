/**
 * A worker thread of the parallel scan (parse-logs.ts): scans the inputs it is sent, one at a time, and posts
 * back what scanInput reports (events, warnings, progress, then the input's summary) tagged with its index.
 * The main thread merges them in input order.
 */
import { parentPort } from "node:worker_threads";
import type { InputSource } from "../sources/input-list.js";
import { scanInput, type ScanOptions } from "../scan/scan-input.js";

export interface ScanTask {
  index: number;
  input: InputSource;
  opts: Pick<ScanOptions, "format" | "bootTimeMs">;
}

export type WorkerMessage =
  | { type: "event"; index: number; event: unknown }
  | { type: "warning"; index: number; warning: unknown }
  | { type: "progress"; index: number; rawBytes: number }
  | { type: "done"; index: number; info: unknown }
  | { type: "failed"; index: number; message: string };

const port = parentPort!;

port.on("message", (task: ScanTask) => {
  const { index } = task;
  const post = (m: WorkerMessage) => port.postMessage(m);
  scanInput(task.input, task.opts, {
    event: (event) => post({ type: "event", index, event }),
    warning: (warning) => post({ type: "warning", index, warning }),
    progress: (rawBytes) => post({ type: "progress", index, rawBytes }),
  }).then(
    (info) => post({ type: "done", index, info }),
    (err: unknown) => post({ type: "failed", index, message: err instanceof Error ? err.message : String(err) }),
  );
});
