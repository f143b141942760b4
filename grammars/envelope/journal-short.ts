/**
 * `journalctl` default output (`-o short`): `Nov 26 19:29:43 host kernel: message`. The line
 * grammar is RFC 3164's; what tells it apart are journalctl's own lines `-- Logs begin at … --`,
 * `-- Journal begins at … --`, `-- No entries --` and the boot separators `-- Boot <id> --` /
 * `-- Reboot --` (the latter mark a new boot). Continuation lines of multi-line messages are
 * indented to the message column. journald stores messages unescaped: no `#012` decoding.
 */
import { statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { SHORT_STAMP, makeShortStampParser } from "./syslog-rfc3164.js";

const parseShort = makeShortStampParser("JournalShort", SHORT_STAMP, false);

/** journalctl's informational lines, shared by every journalctl text format. */
const MARKER = /^-- (.*) --$|^-- No entries --$/;
const BOOT_MARKER = /^-- (?:Boot [0-9a-f]+|Reboot) --$/;

export function parseJournalMarker(line: string): LineResult | null {
  if (line.charCodeAt(0) !== 0x2d || !MARKER.test(line)) return null;
  return BOOT_MARKER.test(line) ? { kind: "skip", bootMarker: true } : { kind: "skip" };
}

export function parseJournalShortLine(line: string): LineResult | null {
  return parseShort(line) ?? parseJournalMarker(line);
}

export const journalShort: EnvelopeFormat = {
  name: "journal-short",
  description: "journalctl -o short: Nov 26 19:29:43 host kernel: message (and -- Boot … -- markers)",
  matches: (line) => parseJournalShortLine(line) !== null,
  createDecoder: () => statelessDecoder(parseJournalShortLine),
  structured: false,
  samples: [
    {
      // The corpus has no journal capture (go-leak's machine had no journal: see
      // go-leak/logs/journalctl-k-short-precise.txt). This is go-leak dmesg.txt line 2511's kernel
      // line laid out as journalctl -o short prints it (journalctl(1), OUTPUT FORMATS).
      line: "Nov 26 20:30:51 sandbox kernel: Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "derived from go-leak/logs/dmesg.txt line 2511",
      expect: { host: "sandbox", ident: "kernel", uptime: null, yearless: { month: 10, day: 26, msOfDay: (20 * 3600 + 30 * 60 + 51) * 1000 } },
    },
    {
      line: "-- No entries --",
      from: "go-leak/logs/journalctl-k-short-precise.txt line 2",
      expect: {},
    },
  ],
};
