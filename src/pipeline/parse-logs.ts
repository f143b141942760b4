import type { OomEvent } from "../events/oom-event.js";
import type { InputInfo, ScanOptions } from "../scan/scan-input.js";
import { listInputs, type InputListOptions, type InputSource } from "../sources/input-list.js";
import type { Warning } from "../warning.js";
import { scanInParallel, workersFor } from "./parallel-scan.js";

export interface ParseOptions extends InputListOptions, ScanOptions {
  /** Files scanned in parallel (worker threads); default one per core. */
  jobs?: number;
  /** Called as each input starts and as its bytes are read (for progress on a TTY). */
  onProgress?: (p: { input: InputSource; index: number; total: number; rawBytes: number }) => void;
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
 * warnings as they are found. Returns the per-input summary. Several files are scanned on worker
 * threads (parallel-scan.ts); what is reported, and its order, is the same as scanning them one by one.
 */
export async function scanLogs(names: string[], opts: ParseOptions, cb: ScanCallbacks): Promise<InputInfo[]> {
  const { inputs, warnings } = await listInputs(names, opts);
  for (const w of warnings) cb.warning(w);
  const workers = workersFor(inputs, opts.jobs);
  if (workers > 1) {
    return scanInParallel(inputs, opts, workers, {
      event: cb.event,
      warning: cb.warning,
      started: (index) => opts.onProgress?.({ input: inputs[index], index, total: inputs.length, rawBytes: 0 }),
      progress: (index, rawBytes) => opts.onProgress?.({ input: inputs[index], index, total: inputs.length, rawBytes }),
    });
  }
  // Loaded here, not at the top: with workers the main thread never builds the parsers (memory, start-up).
  const { scanInput } = await import("../scan/scan-input.js");
  const infos: InputInfo[] = [];
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index];
    opts.onProgress?.({ input, index, total: inputs.length, rawBytes: 0 });
    const info = await scanInput(input, opts, {
      event: cb.event,
      warning: cb.warning,
      progress: (rawBytes) => opts.onProgress?.({ input, index, total: inputs.length, rawBytes }),
    });
    infos.push(info);
  }
  return infos;
}

/** Library entry: every OOM event in the named logs, as one document. */
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
