import type { OomEvent } from "../events/oom-event.js";
import type { InputInfo, ScanOptions } from "../scan/scan-input.js";
import { dropKeptPrefilters } from "../scan/prefilter-pool.js";
import { listInputs, type InputListOptions, type InputSource } from "../sources/input-list.js";
import type { Warning } from "../warning.js";
import { lanesFor, scanOverlapped } from "./overlapped-scan.js";
import { scanInParallel, workersFor } from "./parallel-scan.js";

export interface ParseOptions extends InputListOptions, ScanOptions {
  /**
   * Files scanned at once on worker threads, when 2 or more (parallel-scan.ts: ~50 MiB each). Default: several files
   * at a time in this thread (overlapped-scan.ts); 1 scans one file at a time in this thread.
   */
  jobs?: number;
  /** Called as each input starts and as its bytes are read (for progress on a TTY). */
  onProgress?: (p: Progress) => void;
}

/** Where a scan is: `rawBytes` of input `index` (of `total`) read; `totalBytes` of all inputs, null when one has no size (stdin). */
export interface Progress {
  input: InputSource;
  index: number;
  total: number;
  rawBytes: number;
  totalBytes: number | null;
}

/** The `oomsleuth/events@1` document. */
export interface EventsDocument {
  schema: "oomsleuth/events@1";
  inputs: InputInfo[];
  warnings: Warning[];
  events: OomEvent[];
}

export interface ScanCallbacks {
  event(e: OomEvent): void;
  warning(w: Warning): void;
}

/**
 * Scans every named input (files, directories, "-" for stdin) in order and reports events and
 * warnings as they are found. Returns the per-input summary. Several files are scanned at once, on worker
 * threads when asked (parallel-scan.ts), else several at a time in this thread (overlapped-scan.ts); what is reported, and its
 * order, is the same as scanning them one by one.
 */
export async function scanLogs(names: string[], opts: ParseOptions, cb: ScanCallbacks): Promise<InputInfo[]> {
  const { inputs, warnings } = await listInputs(names, opts);
  for (const w of warnings) cb.warning(w);
  const workers = workersFor(inputs, opts.jobs);
  const totalBytes = inputs.every((i) => i.size !== null) ? inputs.reduce((n, i) => n + i.size!, 0) : null;
  const sink = {
    event: cb.event,
    warning: cb.warning,
    started: (index: number) => opts.onProgress?.({ input: inputs[index], index, total: inputs.length, rawBytes: 0, totalBytes }),
    progress: (index: number, rawBytes: number) => opts.onProgress?.({ input: inputs[index], index, total: inputs.length, rawBytes, totalBytes }),
  };
  try {
    if (workers > 1) return await scanInParallel(inputs, opts, workers, sink);
    return await scanOverlapped(inputs, opts, lanesFor(inputs, opts.jobs), sink);
  } finally {
    dropKeptPrefilters();
  }
}

/**
 * Library entry: every OOM event in the named logs, as one document — one event per copy read, in input order.
 * `dedupeEvents` merges the copies of one kill (syslog and kern.log) the way `oomsleuth parse --json` prints them.
 */
export async function parseLogs(names: string[], opts: ParseOptions = {}): Promise<EventsDocument> {
  const events: OomEvent[] = [];
  const warnings: Warning[] = [];
  const inputs = await scanLogs(names, opts, { event: (e) => events.push(e), warning: (w) => warnings.push(w) });
  return { schema: "oomsleuth/events@1", inputs, warnings, events };
}

/** Library entry, streaming: events as they are found (warnings through `onWarning`). */
export async function* streamEvents(names: string[], opts: ParseOptions & { onWarning?: (w: Warning) => void } = {}): AsyncGenerator<OomEvent> {
  const queue: OomEvent[] = [];
  let done = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => { wake?.(); wake = null; };
  scanLogs(names, opts, {
    event: (e) => { queue.push(e); notify(); },
    warning: (w) => opts.onWarning?.(w),
  }).then(() => { done = true; notify(); }, (err) => { failure = err; done = true; notify(); });
  for (;;) {
    while (queue.length > 0) yield queue.shift()!;
    if (done) break;
    await new Promise<void>((resolve) => { wake = resolve; });
  }
  while (queue.length > 0) yield queue.shift()!;
  if (failure) throw failure;
}
