import type { LogRecord } from "../records/log-record.js";
import type { OomEvent } from "../events/oom-event.js";
import { messageAndIdent } from "./record-text.js";
import { parseSystemdOomd } from "./systemd-oomd.js";
import { parseEarlyoom } from "./earlyoom.js";
import { parseLowmemorykiller } from "./lowmemorykiller.js";

/**
 * Byte strings the assembler's prefilter must let through so that userspace kills reach
 * parseUserspaceKill. Each is a fixed part of one killer's kill line.
 */
export const USERSPACE_TRIGGER_STRINGS: string[] = [
  "due to memory pressure for", // systemd-oomd pressure kill
  "due to swap used", // systemd-oomd swap kill, v248–250
  "due to memory used", // systemd-oomd swap kill, v251+
  "sending SIGTERM to process", // earlyoom ≥ 1.2
  "sending SIGKILL to process", // earlyoom ≥ 1.2
  "lowmemorykiller: Killing", // Android in-kernel lowmemorykiller
  "Killing process", // earlyoom ≤ 1.1
];

/**
 * A single-line userspace kill (systemd-oomd, earlyoom) or a legacy Android lowmemorykiller kill
 * as an OomEvent of kind "userspace-kill"; null for any other record. Never throws.
 */
export function parseUserspaceKill(record: LogRecord): OomEvent | null {
  try {
    const { message, ident } = messageAndIdent(record);
    // Cheap dispatch on the first bytes before any regex runs.
    const c = message.charCodeAt(0);
    if (c === 0x4b /* K */ || c === 0x4d /* M */) {
      if ((ident === null || ident === "systemd-oomd") && (message.startsWith("Killed ") || message.startsWith("Marked "))) {
        return parseSystemdOomd(record, message);
      }
      if (message.startsWith("Killing process ")) return parseEarlyoom(record, message, ident);
      return null;
    }
    if (c === 0x73 /* s */ && message.startsWith("sending SIG")) {
      if (ident !== null && ident !== "earlyoom") return null;
      return parseEarlyoom(record, message, ident);
    }
    if (c === 0x6c /* l */ && message.startsWith("lowmemorykiller: Killing")) {
      if (ident !== null && ident !== "kernel") return null;
      return parseLowmemorykiller(record, message);
    }
    return null;
  } catch {
    return null;
  }
}
