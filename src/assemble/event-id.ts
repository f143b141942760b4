import { shortId } from "../events/short-id.js";

/** Stable event id (shortId) of host, boot, uptime-or-wall and victim pid (or the first line). */
export function eventId(host: string | null, boot: number, time: number | string | null, victim: number | string): string {
  return shortId(`${host ?? ""}\u0000${boot}\u0000${time ?? ""}\u0000${victim}`);
}
