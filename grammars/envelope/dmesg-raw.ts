/**
 * `dmesg -r` (raw): the syslog(2) buffer format `<pri>[   12.345678] message`, also what
 * `dmesg -F file` reads. `pri` is facility*8+level (printk's `<%u>` in record_print_text with
 * syslog=true); level = pri & 7. Caller ids follow the stamp as in plain dmesg.
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { PRINTK_STAMP, printkCallerOf, uptimeOf } from "./dmesg-prefix.js";

const Priority = prefixToken("RawPriority", /<(\d{1,4})>/, [LINE_START]);
/** Stamp and optional caller id (one token, see PRINTK_STAMP). */
const Stamp = prefixToken("RawStamp", PRINTK_STAMP, [Priority]);
const lexer = prefixLexer([Priority, Stamp]);

const LESS_THAN = 0x3c;

export function parseDmesgRawLine(line: string): LineResult | null {
  if (line.charCodeAt(0) !== LESS_THAN) return null;
  const { tokens, messageStart } = lexPrefix(lexer, line);
  // `<pri>` alone (printk.time=0) is still this format, but then a stamp must not be required.
  if (tokens.length === 0) return null;
  const fields = emptyFields(line.slice(messageStart));
  fields.level = Number(groups(tokens[0])[1]) & 7;
  const stamp = tokens[1];
  if (stamp !== undefined) {
    fields.uptime = uptimeOf(stamp);
    fields.callerId = printkCallerOf(stamp);
  }
  return { kind: "start", fields, messageColumn: messageStart };
}

export const dmesgRaw: EnvelopeFormat = {
  name: "dmesg-raw",
  description: "dmesg -r / syslog(2) buffer: <pri>[uptime] message",
  matches: (line) => parseDmesgRawLine(line) !== null,
  createDecoder: () => statelessDecoder(parseDmesgRawLine),
  structured: false,
  samples: [
    {
      line: "<3>[ 4750.320556] Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "go-leak/logs/dmesg-r.txt line 2511",
      expect: { uptime: 4750.320556, level: 3, callerId: null },
    },
    {
      line: "<7>[    0.399629]     --firecracker-init",
      from: "go-leak/logs/dmesg-r.txt line 1",
      expect: { uptime: 0.399629, level: 7, message: "    --firecracker-init" },
    },
    {
      // facility user (1): pri 10 = 1*8 + 2 (crit)
      line: "<10>[ 1000.000000] [   T10] example[10]",
      from: "util-linux tests/ts/dmesg/cid-input line 11",
      expect: { uptime: 1000, level: 2, callerId: "T10", message: "example[10]" },
    },
  ],
};
