/** `journalctl -o short-precise`: `Nov 26 19:29:43.467263 host kernel: message` (microseconds). */
import { statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { PRECISE_STAMP, makeShortStampParser } from "./syslog-rfc3164.js";
import { parseJournalMarker } from "./journal-short.js";

const parsePrecise = makeShortStampParser("JournalPrecise", PRECISE_STAMP, false);

export function parseJournalPreciseLine(line: string): LineResult | null {
  return parsePrecise(line) ?? parseJournalMarker(line);
}

export const journalShortPrecise: EnvelopeFormat = {
  name: "journal-short-precise",
  description: "journalctl -o short-precise: Nov 26 19:29:43.467263 host kernel: message",
  matches: (line) => parsePrecise(line) !== null,
  createDecoder: () => statelessDecoder(parseJournalPreciseLine),
  structured: false,
  samples: [
    {
      line: "Nov 27 04:06:31.454814 vm kernel: Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/journal/journalctl-k-short-precise.txt line 80 (real journalctl -k -o short-precise)",
      expect: { host: "vm", ident: "kernel", uptime: null, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
  ],
};
