/**
 * RFC 5424 syslog (rsyslog RSYSLOG_SyslogProtocol23Format, syslog-ng `syslog()` destinations):
 * `<4>1 2024-01-02T03:04:05.123456+00:00 host kernel - - - message`.
 * HEADER = `<PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID`, then
 * STRUCTURED-DATA (`-` or `[id k="v"]…`), then the MSG (optionally after a UTF-8 BOM). `-` is NIL.
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { decodeRsyslogEscapes, isoToMs } from "./clock-text.js";
import { PRINTK_STAMP, printkCallerOf, uptimeOf } from "./dmesg-prefix.js";
import { levelOfPri } from "./syslog-prefix.js";

const Header = prefixToken("Rfc5424Header", /<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /, [LINE_START]);
// DEVIATION: a `]` inside a quoted SD-PARAM value (escaped as `\]`) is accepted by the escape rule only.
const StructuredData = prefixToken("Rfc5424StructuredData", /(-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: |$)/, [Header]);
/** Inner printk stamp and optional caller id (one token, see PRINTK_STAMP). */
const Inner = prefixToken("Rfc5424InnerStamp", PRINTK_STAMP, [StructuredData]);
const lexer = prefixLexer([Header, StructuredData, Inner]);

function nil(value: string): string | null {
  return value === "-" ? null : value;
}

export function parseRfc5424Line(line: string): LineResult | null {
  if (line.charCodeAt(0) !== 0x3c /* < */) return null;
  const { tokens, messageStart } = lexPrefix(lexer, line);
  if (tokens.length < 2 || tokens[1].tokenType !== StructuredData) return null;
  const g = groups(tokens[0]);
  let body = line.slice(messageStart);
  if (body.charCodeAt(0) === 0xfeff) body = body.slice(1);
  const fields = emptyFields(decodeRsyslogEscapes(body));
  fields.level = levelOfPri(g[1]);
  fields.wall = g[2] === "-" ? null : isoToMs(g[2]);
  fields.host = nil(g[3]);
  fields.ident = nil(g[4]);
  const inner = tokens[2];
  if (inner !== undefined) {
    if (fields.ident === "kernel") fields.uptime = uptimeOf(inner);
    fields.callerId = printkCallerOf(inner);
  }
  return { kind: "start", fields, messageColumn: messageStart };
}

export const syslogRfc5424: EnvelopeFormat = {
  name: "syslog-rfc5424",
  description: "RFC 5424: <pri>1 ISO-time host app procid msgid [SD] message",
  matches: (line) => parseRfc5424Line(line) !== null,
  createDecoder: () => statelessDecoder(parseRfc5424Line),
  structured: false,
  samples: [
    {
      line: "<3>1 2026-11-27T04:07:38.298412+00:00 vm kernel - - - [25412.984066] Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/rsyslog/kern-rfc5424.log line 901 (real rsyslog RSYSLOG_SyslogProtocol23Format)",
      expect: { host: "vm", ident: "kernel", level: 3, uptime: 25412.984066, wall: Date.UTC(2026, 10, 27, 4, 7, 38) + 298.412, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
  ],
};
