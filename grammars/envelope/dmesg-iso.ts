/**
 * `dmesg --time-format iso`: `2026-11-26T19:29:43,467263+00:00 message` (util-linux prints a
 * comma before the microseconds and the zone of the reader, which the stamp carries).
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { CALLER_ID, DMESG_ISO_STAMP, callerOf } from "./dmesg-prefix.js";
import { isoToMs } from "./clock-text.js";

const Stamp = prefixToken("DmesgIsoStamp", DMESG_ISO_STAMP, [LINE_START]);
const Caller = prefixToken("DmesgIsoCaller", CALLER_ID, [Stamp]);
const lexer = prefixLexer([Stamp, Caller]);

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function parseDmesgIsoLine(line: string): LineResult | null {
  if (!isDigit(line.charCodeAt(0)) || line.charCodeAt(10) !== 0x54 /* T */) return null;
  const { tokens, messageStart } = lexPrefix(lexer, line);
  if (tokens.length === 0) return null;
  const wall = isoToMs(groups(tokens[0])[1]);
  if (wall === null) return null;
  const fields = emptyFields(line.slice(messageStart));
  fields.wall = wall;
  if (tokens[1]?.tokenType === Caller) fields.callerId = callerOf(tokens[1]);
  return { kind: "start", fields, messageColumn: messageStart };
}

export const dmesgIso: EnvelopeFormat = {
  name: "dmesg-iso",
  description: "dmesg --time-format iso: 2026-11-26T19:29:43,467263+00:00 message",
  matches: (line) => parseDmesgIsoLine(line) !== null,
  createDecoder: () => statelessDecoder(parseDmesgIsoLine),
  structured: false,
  samples: [
    {
      line: "2026-11-26T20:30:51,320556+00:00 Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "go-leak/logs/dmesg-iso.txt line 2511",
      expect: { wall: Date.UTC(2026, 10, 26, 20, 30, 51) + 320.556, uptime: null },
    },
    {
      line: "2009-02-13T23:31:31,123456+00:00 new",
      from: "util-linux tests/expected/dmesg/indentation line 31",
      expect: { wall: Date.UTC(2009, 1, 13, 23, 31, 31) + 123.456, message: "new" },
    },
  ],
};
