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

/** What the main thread sends: an input to scan, or pause/resume of the one being scanned (its events are held). */
export type ToWorker = ScanTask | { type: "pause" } | { type: "resume" };

export type WorkerMessage =
  | { type: "event"; index: number; event: unknown }
  | { type: "warning"; index: number; warning: unknown }
  | { type: "progress"; index: number; rawBytes: number }
  | { type: "done"; index: number; info: unknown }
  | { type: "failed"; index: number; message: string };

const port = parentPort!;

/** Set while the main thread holds enough of this input's events: the scan waits before its next read. */
let paused: { promise: Promise<void>; resume: () => void } | null = null;

port.on("message", (m: ToWorker) => {
  if ("type" in m) {
    if (m.type === "pause" && paused === null) {
      let resume = () => {};
      const promise = new Promise<void>((resolve) => (resume = resolve));
      paused = { promise, resume };
    } else if (m.type === "resume" && paused !== null) {
      paused.resume();
      paused = null;
    }
    return;
  }
  const task = m;
  const { index } = task;
  const post = (w: WorkerMessage) => port.postMessage(w);
  scanInput(task.input, task.opts, {
    event: (event) => post({ type: "event", index, event }),
    warning: (warning) => post({ type: "warning", index, warning }),
    progress: (rawBytes) => post({ type: "progress", index, rawBytes }),
    ready: () => paused?.promise ?? null,
  }).then(
    (info) => post({ type: "done", index, info }),
    (err: unknown) => post({ type: "failed", index, message: err instanceof Error ? err.message : String(err) }),
  );
});
