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
      // No journal in the corpus: go-leak dmesg-iso.txt line 2511 (kill line, 20:30:51,320556)
      // laid out as journalctl -o short-precise prints it.
      line: "Nov 26 20:30:51.320556 sandbox kernel: Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "derived from go-leak/logs/dmesg-iso.txt line 2511",
      expect: { host: "sandbox", ident: "kernel", yearless: { month: 10, day: 26, msOfDay: (20 * 3600 + 30 * 60 + 51) * 1000 + 320.556 } },
    },
  ],
};
