import type { LogRecord } from "../records/log-record.js";
import type { EventSource, EventTime } from "../events/oom-event.js";

/**
 * The message and program name of a record. When the envelope did not split off the program
 * (ident null) and the message still starts with `name[pid]: `, split it here, so that a line
 * pasted from journalctl without its date still reads.
 */
export function messageAndIdent(record: LogRecord): { message: string; ident: string | null } {
  const message = record.message ?? "";
  if (record.ident !== null && record.ident !== undefined) return { message, ident: record.ident };
  const m = /^([A-Za-z0-9_.@-]+)\[\d+\]: /.exec(message);
  if (m) return { message: message.slice(m[0].length), ident: m[1] };
  return { message, ident: null };
}

export function sourceOf(record: LogRecord): EventSource {
  const lines = record.lineCount > 0 ? record.lineCount : 1;
  return { path: record.source, lineStart: record.line, lineEnd: record.line + lines - 1 };
}

export function timeOf(record: LogRecord): EventTime {
  const wall = typeof record.wall === "number" && Number.isFinite(record.wall) ? new Date(record.wall).toISOString() : null;
  return { uptime: record.uptime ?? null, wall };
}

/** The first line of a record's text (lowmemorykiller prints one record over several lines). */
export function firstLine(text: string): string {
  const nl = text.indexOf("\n");
  return nl < 0 ? text : text.slice(0, nl);
}
