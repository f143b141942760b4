/**
 * `journalctl` default output (`-o short`): `Nov 26 19:29:43 host kernel: message`. The line
 * grammar is RFC 3164's; what tells it apart are journalctl's own lines `-- Logs begin at … --`,
 * `-- Journal begins at … --`, `-- No entries --` and the boot separators `-- Boot <id> --` /
 * `-- Reboot --` (the latter mark a new boot). Continuation lines of multi-line messages are
 * indented to the message column. journald stores messages unescaped: no `#012` decoding.
 */
import { statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { SHORT_STAMP, makeShortStampParser } from "./syslog-rfc3164.js";
import { readCommonShortStampLine } from "./common-syslog-line.js";

const parseShort = makeShortStampParser("JournalShort", SHORT_STAMP, false, readCommonShortStampLine);

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
      line: "Nov 27 04:06:31 vm kernel: Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/journal/journalctl-k-short.txt line 80 (real journalctl -k -o short)",
      expect: { host: "vm", ident: "kernel", uptime: null, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
    {
      line: "-- No entries --",
      from: "go-leak/logs/journalctl-k-short-precise.txt line 2",
      expect: {},
    },
  ],
};
