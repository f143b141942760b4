import { createHash } from "node:crypto";

/**
 * Stable event id: sha1 (hex, first 16 chars) of host, boot, uptime-or-wall and victim pid (or the first line). The
 * first 8 bytes printed, not the whole hex cut: a cut string keeps its 40-character original (kept for every kill).
 */
export function eventId(host: string | null, boot: number, time: number | string | null, victim: number | string): string {
  return createHash("sha1").update(`${host ?? ""}\u0000${boot}\u0000${time ?? ""}\u0000${victim}`).digest().toString("hex", 0, 8);
}
