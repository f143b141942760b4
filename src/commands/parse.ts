import type { InputOptions } from "../cli.js";
import { EXIT } from "../cli/exit-codes.js";
import { useColor, type CommandIo } from "../cli/io.js";
import { createProgress } from "../cli/progress.js";
import { prepareInputs } from "../cli/resolve-inputs.js";
import { dedupeEvents } from "../correlate/dedupe.js";
import type { OomEvent } from "../events/oom-event.js";
import { scanLogs } from "../pipeline/parse-logs.js";
import { renderEventsText } from "../render/events-text.js";
import { formatWarning } from "../render/warning-text.js";
import type { Warning } from "../warning.js";

export interface ParseCommandOptions extends InputOptions {
  json?: boolean;
  ndjson?: boolean;
}

/**
 * `oomsleuth parse`: every OOM event as text, one JSON document, or NDJSON streamed as found.
 * The text and JSON list a kill read from several files (syslog and kern.log) once, with all its
 * `sources`; NDJSON streams each copy as it is read (`report --events` merges them).
 */
export async function runParse(names: string[], opts: ParseCommandOptions, io: CommandIo): Promise<number> {
  const prepared = prepareInputs(names, opts, io);
  if ("usage" in prepared) {
    io.stderr.write(prepared.usage);
    return EXIT.USAGE_OR_INPUT;
  }
  const { inputs, bootTimeMs } = prepared;
  const progress = createProgress(io, opts.progress);
  const events: OomEvent[] = [];
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
        else events.push(e);
      },
      warning: (w) => {
        warnings.push(w);
        progress.done();
        io.stderr.write(`${formatWarning(w)}\n`);
      },
    },
  );
  progress.done();
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ schema: "oomsleuth/events@1", inputs: infos, warnings, events: dedupeEvents(events) }, null, 2)}\n`);
  } else if (!opts.ndjson) {
    io.stdout.write(renderEventsText(dedupeEvents(events), { color: useColor(io.stdout, io.env), width: io.stdout.columns ?? 160 }));
  }
  return exitCode(warnings, sawKill, opts.failOnOom);
}

/** 2 when an input could not be read at all or was damaged; 3 for --fail-on-oom with kills; else 0. */
export function exitCode(warnings: Warning[], sawKill: boolean, failOnOom: boolean | undefined): number {
  if (warnings.some((w) => w.unreadable)) return EXIT.USAGE_OR_INPUT;
  if (failOnOom && sawKill) return EXIT.OOM_FOUND;
  return EXIT.OK;
}

