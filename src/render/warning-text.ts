import type { Warning } from "../warning.js";
import { escapeTerminal } from "./escape.js";

/** `oomsleuth: kern.log.2.gz: byte 81234: truncated gzip data` — path first, like compilers do. */
export function formatWarning(w: Warning): string {
  const where = [w.path, w.line !== undefined ? `line ${w.line}` : null, w.byteOffset !== undefined ? `byte ${w.byteOffset}` : null]
    .filter(Boolean)
    .join(": ");
  return `oomsleuth: ${escapeTerminal(where)}: ${escapeTerminal(w.message)}`;
}
