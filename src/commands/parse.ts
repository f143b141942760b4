import type { InputOptions } from "../cli.js";
import { EXIT } from "../cli/exit-codes.js";
import { useColor, type CommandIo } from "../cli/io.js";
import { createProgress } from "../cli/progress.js";
import { prepareInputs } from "../cli/resolve-inputs.js";
import { EventDeduper, slimForDedupe } from "../correlate/dedupe.js";
import { EventSpool } from "../correlate/event-spool.js";
import { SpooledCopies } from "../correlate/spooled-copies.js";
import type { OomEvent } from "../events/oom-event.js";
import { scanLogs } from "../pipeline/parse-logs.js";
import type { InputInfo } from "../scan/scan-input.js";
import { eventJson, writeEventsDocument } from "../render/events-json.js";
import { streamWriter } from "../render/write-batch.js";
import { eventsTextWriter } from "../render/events-text.js";
import { formatWarning } from "../render/warning-text.js";
import type { Warning } from "../warning.js";

export interface ParseCommandOptions extends InputOptions {
  json?: boolean;
  ndjson?: boolean;
}

/**
 * `oomsleuth parse`: every OOM event as text, one JSON document, or NDJSON streamed as found.
 * The text and JSON list a kill read from several files (syslog and kern.log) once, with all its
 * `sources`; NDJSON streams each copy as it is read (`report --events` merges them). The kept copies wait in a
 * temporary file until the input ends (event-spool.ts), so memory does not grow with the number of kills.
 */
export async function runParse(names: string[], opts: ParseCommandOptions, io: CommandIo): Promise<number> {
  const prepared = prepareInputs(names, opts, io);
  if ("usage" in prepared) {
    io.stderr.write(prepared.usage);
    return EXIT.USAGE_OR_INPUT;
  }
  const { inputs, bootTimeMs } = prepared;
  const progress = createProgress(io, opts.progress);
  const spool = opts.ndjson ? null : new EventSpool();
  // What the deduper keeps of each kill goes to disk too: a fleet's logs may hold more distinct kills than memory.
  const copies = opts.ndjson ? null : new SpooledCopies();
  try {
    // JSON: each kept event is rendered once, as it will be printed (eventJson); text: kept as compact JSON.
    const deduper = new EventDeduper({
      onBest: (position, e) => spool?.put(position, opts.json ? eventJson.render(e) : JSON.stringify(e)),
      slim: slimForDedupe,
      store: copies ?? undefined,
    });
    const warnings: Warning[] = [];
    let sawKill = false;
    const infos = await scanLogs(
      inputs,
      { format: opts.format, include: opts.include, exclude: opts.exclude, jobs: opts.jobs, bootTimeMs, stdin: io.stdin, onProgress: progress.update },
      {
        event: (e) => {
          if (e.kills.length > 0) sawKill = true;
          // Streamed events are not kept: `journalctl -kf | oomsleuth parse --ndjson` runs for days.
          if (opts.ndjson) io.stdout.write(`${JSON.stringify(e)}\n`);
          else deduper.add(e);
        },
        warning: (w) => {
          warnings.push(w);
          progress.done();
          io.stderr.write(`${formatWarning(w)}\n`);
        },
      },
    );
    progress.done();
    if (spool) await writeKept(deduper, spool, infos, warnings, opts, io);
    return exitCode(warnings, sawKill, opts.failOnOom);
  } finally {
    spool?.close();
    copies?.close();
  }
}

/** The deduplicated events as the JSON document or as text, read back from the spool one at a time. */
async function writeKept(
  deduper: EventDeduper,
  spool: EventSpool,
  infos: InputInfo[],
  warnings: Warning[],
  opts: ParseCommandOptions,
  io: CommandIo,
): Promise<void> {
  const write = streamWriter(io.stdout);
  if (opts.json) {
    // An event no other copy was merged into is written as it was spooled, its bytes as they are.
    const texts = function* (): Generator<string | Uint8Array> {
      for (let i = 0; i < deduper.size; i++) yield deduper.merged(i) ? eventJson.merged(spool.get(i), deduper.kept(i)) : spool.bytes(i);
    };
    return writeEventsDocument(write, infos, warnings, texts());
  }
  // Text: each kept copy with what the deduper merged into it after it was spooled (its host, clocks and sources).
  const text = eventsTextWriter({ color: useColor(io.stdout, io.env), width: io.stdout.columns ?? 160 });
  for (let i = 0; i < deduper.size; i++) {
    const { host, time, sources } = deduper.kept(i);
    await write(text.event({ ...(JSON.parse(spool.get(i)) as OomEvent), host, time, sources }));
  }
  await write(text.end());
}

/** 2 when an input could not be read at all or was damaged; 3 for --fail-on-oom with kills; else 0. */
export function exitCode(warnings: Warning[], sawKill: boolean, failOnOom: boolean | undefined): number {
  if (warnings.some((w) => w.unreadable)) return EXIT.USAGE_OR_INPUT;
  if (failOnOom && sawKill) return EXIT.OOM_FOUND;
  return EXIT.OK;
}

