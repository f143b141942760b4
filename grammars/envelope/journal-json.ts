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
      line: "{\"_RUNTIME_SCOPE\":\"system\",\"_SOURCE_MONOTONIC_TIMESTAMP\":\"25412984066\",\"_TRANSPORT\":\"kernel\",\"MESSAGE\":\"Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0\",\"_MACHINE_ID\":\"3d1219c7c4c5404aaa1f6d2a48adfda4\",\"__REALTIME_TIMESTAMP\":\"1795752391454814\",\"PRIORITY\":\"3\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"_HOSTNAME\":\"vm\",\"__CURSOR\":\"s=732345549e0f4530a836240644de042e;i=52;b=9b17df00fec24a8484b600f2e0eea9fe;m=5eabb63d8;t=6613a2f65b05e;x=56d0846474d44975\",\"_BOOT_ID\":\"9b17df00fec24a8484b600f2e0eea9fe\",\"SYSLOG_FACILITY\":\"0\",\"__MONOTONIC_TIMESTAMP\":\"25412985816\"}",
      from: "samples/this-machine/journal/journalctl-k-json.txt line 80 (real journalctl -k -o json)",
      expect: { host: "vm", ident: "kernel", level: 3, uptime: 25412.984066, wall: 1795752391454.814, bootId: "9b17df00fec24a8484b600f2e0eea9fe", message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
    {
      // MESSAGE as a byte array ("Killed" in UTF-8 bytes): how -o json prints non-text values.
      line: '{"__REALTIME_TIMESTAMP":"1795725051320556","_SOURCE_MONOTONIC_TIMESTAMP":"4750320556","MESSAGE":[75,105,108,108,101,100]}',
      from: "derived (journalctl(1) -o json: binary values as arrays of bytes)",
      expect: { message: "Killed", uptime: 4750.320556 },
    },
  ],
};
