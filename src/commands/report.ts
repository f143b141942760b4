import { stat } from "node:fs/promises";
import type { InputOptions } from "../cli.js";
import { EXIT } from "../cli/exit-codes.js";
import { useColor, type CommandIo } from "../cli/io.js";
import { createProgress } from "../cli/progress.js";
import { prepareInputs } from "../cli/resolve-inputs.js";
import { readableEvent, reportOfKept, reportSlimmer } from "../correlate/build-report.js";
import { EventDeduper } from "../correlate/dedupe.js";
import { SpooledCopies } from "../correlate/spooled-copies.js";
import { parseTimeFilter } from "../correlate/time-filter.js";
import type { OomEvent } from "../events/oom-event.js";
import { readEventStreams } from "../pipeline/read-event-stream.js";
import { scanLogs, type Progress } from "../pipeline/parse-logs.js";
import { prettyJson } from "../render/pretty-json.js";
import { renderReportMarkdown } from "../render/report-markdown.js";
import { renderReportText } from "../render/report-text.js";
import { formatWarning } from "../render/warning-text.js";
import { streamWriter, writeAll } from "../render/write-batch.js";
import type { InputInfo } from "../scan/scan-input.js";
import type { Warning } from "../warning.js";
import { exitCode } from "./parse.js";

export interface ReportCommandOptions extends InputOptions {
  json?: boolean;
  markdown?: boolean;
  heap?: string[];
  since?: string;
  until?: string;
  killer?: string;
  events?: string[];
}

/** `oomsleuth report` (the default command): recurring kills grouped, as text, JSON or Markdown. */
export async function runReport(names: string[], opts: ReportCommandOptions, io: CommandIo): Promise<number> {
  const eventFiles = opts.events ?? [];
  const prepared = prepareInputs(names, opts, io, eventFiles.length > 0);
  if ("usage" in prepared) {
    io.stderr.write(prepared.usage);
    return EXIT.USAGE_OR_INPUT;
  }
  const { inputs, bootTimeMs } = prepared;
  const now = new Date();
  const since = opts.since ? parseTimeFilter(opts.since, now) : null;
  const until = opts.until ? parseTimeFilter(opts.until, now) : null;
  for (const [flag, text, value] of [["--since", opts.since, since], ["--until", opts.until, until]] as const) {
    if (text && !value) {
      io.stderr.write(`oomsleuth: ${flag}: cannot read "${text}" (expected an ISO date like 2026-11-01 or a relative time like 7d, 12h, 30m)\n`);
      return EXIT.USAGE_OR_INPUT;
    }
  }

  const progress = createProgress(io, opts.progress);
  // The kills, deduplicated as they come, each cut to what a report reads and kept on disk: one copy of each, not every
  // copy read, and not in memory (a fleet's logs may hold more distinct kills than it).
  const copies = new SpooledCopies();
  try {
    const warnings: Warning[] = [];
    const warn = (w: Warning) => {
      warnings.push(w);
      progress.done();
      io.stderr.write(`${formatWarning(w)}\n`);
    };
    const infos = await keepKills(copies, inputs, { ...opts, bootTimeMs, onProgress: progress.update }, warn, io);
    progress.done();

    const kept = { size: copies.length, kept: (i: number) => copies.get(i) };
    const report = reportOfKept(kept, { inputs: infos, warnings, since, until, killer: opts.killer ?? null });
    // Snapshots: the --heap directories, else whatever lies in the input directories next to the logs.
    const heapDirs = opts.heap && opts.heap.length > 0 ? opts.heap : await directoriesAmong(inputs);
    if (heapDirs.length > 0) {
      const { attachHeapSnapshots } = await import("../heap/attach-to-report.js");
      const searched = !(opts.heap && opts.heap.length > 0);
      await attachHeapSnapshots(report, kept, heapDirs, warn, { nearLogsOnly: searched, onlyIfFound: searched });
    }
    // The JSON in pieces: a report lists every kill.
    const json = function* () {
      yield* prettyJson(report);
      yield "\n";
    };
    if (opts.json) await writeAll(streamWriter(io.stdout), json());
    else if (opts.markdown) io.stdout.write(renderReportMarkdown(report));
    else io.stdout.write(renderReportText(report, { width: io.stdout.columns ?? 160, color: useColor(io.stdout, io.env) }));
    // Kills the report counts (after --since/--until/--killer): a CI gate on "any OOM in the last hour" must see only those.
    return exitCode(warnings, report.totals.kills > 0, opts.failOnOom);
  } finally {
    copies.close();
  }
}

/**
 * Every kill of the --events streams and the inputs, deduplicated into `copies`. What recognised a kill's copies (the
 * deduper's index and facts, ~200 bytes a kill) is let go when this returns: the report is built in its place.
 */
async function keepKills(
  copies: SpooledCopies,
  inputs: string[],
  opts: ReportCommandOptions & { bootTimeMs: number | null; onProgress: (p: Progress) => void },
  warn: (w: Warning) => void,
  io: CommandIo,
): Promise<InputInfo[]> {
  const deduper = new EventDeduper({ slim: reportSlimmer(), store: copies });
  const add = (e: OomEvent) => {
    if (readableEvent(e)) deduper.add(e);
  };
  if (opts.events && opts.events.length > 0) await readEventStreams(opts.events, io.stdin, warn, add);
  if (inputs.length === 0) return [];
  const { format, include, exclude, jobs, bootTimeMs, onProgress } = opts;
  return scanLogs(inputs, { format, include, exclude, jobs, bootTimeMs, stdin: io.stdin, onProgress }, { event: add, warning: warn });
}

async function directoriesAmong(names: string[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const name of names) {
    if (name === "-") continue;
    const st = await stat(name).catch(() => null);
    if (st?.isDirectory()) dirs.push(name);
  }
  return dirs;
}
