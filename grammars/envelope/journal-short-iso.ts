/**
 * `journalctl -o short-iso`: `2026-11-26T19:29:43+0000 host kernel: message` (systemd < 254
 * prints `+0000`, later `+00:00`). Whole seconds; `short-iso-precise` (with `.123456`) reads
 * as `syslog-iso`, which has the same fields.
 */
import { statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { makeIsoStampParser } from "./iso-stamp-syslog.js";
import { parseJournalMarker } from "./journal-short.js";

const parseIso = makeIsoStampParser("JournalIso", /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:?\d{2})) /, false);

export function parseJournalIsoLine(line: string): LineResult | null {
  return parseIso(line) ?? parseJournalMarker(line);
}

export const journalShortIso: EnvelopeFormat = {
  name: "journal-short-iso",
  description: "journalctl -o short-iso: 2026-11-26T19:29:43+0000 host kernel: message",
  matches: (line) => parseIso(line) !== null,
  createDecoder: () => statelessDecoder(parseJournalIsoLine),
  structured: false,
  samples: [
    {
      line: "2026-11-27T04:06:31+0000 vm kernel: Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/journal/journalctl-k-short-iso.txt line 80 (real journalctl -k -o short-iso)",
      expect: { host: "vm", ident: "kernel", wall: Date.UTC(2026, 10, 27, 4, 6, 31), uptime: null, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
    {
      line: "2026-11-26T21:30:51+01:00 sandbox kernel: Memory cgroup out of memory: Killed process 14060 (leaky)",
      from: "derived from go-leak/logs/dmesg-iso.txt line 2511 (zone +01:00, systemd >= 254 style)",
      expect: { wall: Date.UTC(2026, 10, 26, 20, 30, 51) },
    },
  ],
};
