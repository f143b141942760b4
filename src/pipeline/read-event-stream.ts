import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { OomEvent } from "../events/oom-event.js";
import type { Warning } from "../warning.js";

/**
 * Reads `oomsleuth parse --ndjson` output (one event per line) from files or stdin ("-"): how a fleet
 * merges per-host parses into one report. A line that is not an event is a warning, not a failure. Each event is
 * handed to `onEvent` as it is read, not gathered: a fleet's streams may hold more kills than memory (whole events,
 * with their task tables, are ~5 KB of JSON each, more as objects).
 */
export async function readEventStreams(
  paths: string[],
  stdin: NodeJS.ReadableStream,
  warn: (w: Warning) => void,
  onEvent: (e: OomEvent) => void,
): Promise<void> {
  for (const p of paths) {
    let input: NodeJS.ReadableStream;
    if (p === "-") input = stdin;
    else {
      const s = createReadStream(p);
      const opened = await new Promise<Error | null>((resolve) => { s.once("open", () => resolve(null)); s.once("error", resolve); });
      if (opened) {
        warn({ path: p, message: `cannot read: ${(opened as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : opened.message}`, unreadable: true });
        continue;
      }
      input = s;
    }
    let lineNo = 0;
    let bad = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (line.trim() === "") continue;
      const event = parseEventLine(line);
      if (event) onEvent(event);
      else if (++bad <= LINES_NAMED) warn({ path: p, line: lineNo, message: "not an oomsleuth event (expected one JSON object per line from `oomsleuth parse --ndjson`)" });
    }
    // A log given to --events by mistake is every line wrong: named a few times, then counted, not a warning a line.
    if (bad > LINES_NAMED) {
      warn({
        path: p,
        message: `${bad - LINES_NAMED} more lines are not oomsleuth events (${bad} of ${lineNo}); a log is read as an input (\`oomsleuth report FILE\`), not with --events`,
      });
    }
  }
}

/** Lines that are not events named one by one per stream before the rest are counted. */
const LINES_NAMED = 5;

function parseEventLine(line: string): OomEvent | null {
  try {
    const v = JSON.parse(line);
    if (v && typeof v === "object" && typeof v.id === "string" && Array.isArray(v.kills) && v.source && v.time) return v as OomEvent;
  } catch {
    // fall through: not JSON
  }
  return null;
}
