import { shortId } from "../events/short-id.js";

/**
 * Stable event id (shortId) of host, boot, time and victim. Uptime is used when
 * the log carries it (it is what every copy of a kernel line shares), else the wall time.
 */
export function eventId(host: string | null, boot: number, uptime: number | null, wallIso: string | null, pid: number, comm: string): string {
  const time = uptime !== null ? uptime.toFixed(6) : (wallIso ?? "");
  return shortId(`${host ?? ""}|${boot}|${time}|${pid}|${comm}`);
}
