/**
 * journald entry fields (systemd.journal-fields(7)) → EnvelopeFields; shared by `-o json` and
 * `-o export`.
 *
 * __REALTIME_TIMESTAMP is µs since the epoch (wall). Kernel entries carry
 * _SOURCE_MONOTONIC_TIMESTAMP, the printk time in µs, which is the uptime dmesg shows; other
 * entries only have __MONOTONIC_TIMESTAMP (reception time on the same boot's monotonic clock),
 * used as uptime when the source time is absent.
 */
import { emptyFields, type EnvelopeFields } from "./envelope-fields.js";

export type JournalValue = string | number[] | null | undefined;

/** `-o json` renders non-UTF-8 or binary values as byte arrays; a repeated field as an array of values. */
export function journalValueText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((b) => typeof b === "number")) return Buffer.from(value as number[]).toString("utf8");
    return value.length > 0 ? journalValueText(value[0]) : null;
  }
  return null;
}

function micros(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

export function journalFields(get: (key: string) => string | null): EnvelopeFields {
  const fields = emptyFields(get("MESSAGE") ?? "");
  const realtime = micros(get("__REALTIME_TIMESTAMP"));
  fields.wall = realtime === null ? null : realtime / 1000;
  const monotonic = micros(get("_SOURCE_MONOTONIC_TIMESTAMP")) ?? micros(get("__MONOTONIC_TIMESTAMP"));
  fields.uptime = monotonic === null ? null : monotonic / 1e6;
  fields.host = get("_HOSTNAME");
  fields.ident = get("SYSLOG_IDENTIFIER") ?? get("_COMM");
  fields.bootId = get("_BOOT_ID");
  const priority = get("PRIORITY");
  fields.level = priority !== null && /^[0-7]$/.test(priority) ? Number(priority) : null;
  return fields;
}
