/**
 * The one registry of envelope formats, in priority order: when a line fits several formats
 * (a `journal-short-monotonic` line is also a valid `dmesg` line; RFC 3164 and journalctl short
 * are the same grammar), the earlier, more specific one wins ties. `plain` is last and matches
 * everything. Adding a format: its module plus one line here.
 */
import type { EnvelopeFormat } from "./envelope-fields.js";
import { kmsg } from "./kmsg.js";
import { dmesgRaw } from "./dmesg-raw.js";
import { dmesgDecode } from "./dmesg-decode.js";
import { journalShortMonotonic } from "./journal-short-monotonic.js";
import { dmesg } from "./dmesg.js";
import { dmesgCtime } from "./dmesg-ctime.js";
import { dmesgIso } from "./dmesg-iso.js";
import { dmesgDelta } from "./dmesg-delta.js";
import { syslogRfc5424 } from "./syslog-rfc5424.js";
import { syslogIso } from "./syslog-iso.js";
import { journalShortIso } from "./journal-short-iso.js";
import { journalShortPrecise } from "./journal-short-precise.js";
import { syslogRfc3164 } from "./syslog-rfc3164.js";
import { journalShort } from "./journal-short.js";
import { journalJson } from "./journal-json.js";
import { journalExport } from "./journal-export.js";
import { dmesgJson } from "./dmesg-json.js";
import { plain } from "./plain.js";
import { cri } from "./cri.js";

export const ENVELOPE_FORMATS: readonly EnvelopeFormat[] = [
  kmsg,
  // Before dmesg-raw: `<5>1 2026-…` also reads as a stampless `<pri>` dmesg -r line.
  syslogRfc5424,
  dmesgRaw,
  dmesgDecode,
  journalShortMonotonic,
  dmesg,
  dmesgCtime,
  dmesgIso,
  dmesgDelta,
  // Before syslog-iso, whose `host` would take the stream name.
  cri,
  syslogIso,
  journalShortIso,
  journalShortPrecise,
  syslogRfc3164,
  journalShort,
  journalJson,
  journalExport,
  dmesgJson,
  plain,
];

export const FORMAT_NAMES: readonly string[] = ENVELOPE_FORMATS.map((f) => f.name);

export function formatByName(name: string): EnvelopeFormat | undefined {
  return ENVELOPE_FORMATS.find((f) => f.name === name);
}

export type { EnvelopeFormat, EnvelopeFields, EnvelopeSample, LineResult, LineDecoder, YearlessTime } from "./envelope-fields.js";
