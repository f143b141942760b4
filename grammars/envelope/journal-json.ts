/**
 * `journalctl -o json`: one JSON object per line (`-o json-pretty` is not supported: use json).
 * DEVIATION from "Chevrotain for every envelope": a JSON object is parsed with JSON.parse; only a
 * cheap first-character test guards it.
 */
import { statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { journalFields, journalValueText } from "./journal-fields.js";

function isJournalObjectLine(line: string): boolean {
  return line.charCodeAt(0) === 0x7b /* { */ && line.includes('"__') && line.charCodeAt(line.length - 1) === 0x7d;
}

export function parseJournalJsonLine(line: string): LineResult | null {
  if (!isJournalObjectLine(line)) return null;
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return null;
  const obj = entry as Record<string, unknown>;
  if (!("__REALTIME_TIMESTAMP" in obj) && !("MESSAGE" in obj)) return null;
  const fields = journalFields((key) => journalValueText(obj[key]));
  return { kind: "start", fields, messageColumn: 0 };
}

export const journalJson: EnvelopeFormat = {
  name: "journal-json",
  description: "journalctl -o json: one JSON object per line",
  matches: isJournalObjectLine,
  createDecoder: () => statelessDecoder(parseJournalJsonLine),
  structured: false,
  samples: [
    {
      // No journal in the corpus: go-leak's cycle-4 kill (dmesg.txt line 2511, wall from
      // dmesg-iso.txt) as journalctl -o json renders a kernel entry (systemd.journal-fields(7)).
      line: '{"__CURSOR":"s=1;i=2828","__REALTIME_TIMESTAMP":"1795725051320556","__MONOTONIC_TIMESTAMP":"4750320600","_BOOT_ID":"9f1c2d3e4b5a69788796a5b4c3d2e1f0","_TRANSPORT":"kernel","PRIORITY":"3","SYSLOG_FACILITY":"0","SYSLOG_IDENTIFIER":"kernel","_SOURCE_MONOTONIC_TIMESTAMP":"4750320556","_HOSTNAME":"sandbox","MESSAGE":"Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0"}',
      from: "derived from go-leak/logs/dmesg.txt line 2511 + dmesg-iso.txt line 2511",
      expect: {
        uptime: 4750.320556,
        wall: 1795725051320.556,
        level: 3,
        host: "sandbox",
        ident: "kernel",
        bootId: "9f1c2d3e4b5a69788796a5b4c3d2e1f0",
        message: "Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      },
    },
    {
      // MESSAGE as a byte array ("Killed" in UTF-8 bytes): how -o json prints non-text values.
      line: '{"__REALTIME_TIMESTAMP":"1795725051320556","_SOURCE_MONOTONIC_TIMESTAMP":"4750320556","MESSAGE":[75,105,108,108,101,100]}',
      from: "derived (journalctl(1) -o json: binary values as arrays of bytes)",
      expect: { message: "Killed", uptime: 4750.320556 },
    },
  ],
};
