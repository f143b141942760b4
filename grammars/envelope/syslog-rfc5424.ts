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
      // No RFC 5424 capture in the corpus: go-leak dmesg-iso.txt line 2511 (a pri-3 kernel line,
      // dmesg-r.txt) laid out as rsyslog's RSYSLOG_SyslogProtocol23Format writes it.
      line: "<3>1 2026-11-26T20:30:51.320556+00:00 sandbox kernel - - - Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "derived from go-leak/logs/dmesg-iso.txt line 2511",
      expect: { level: 3, host: "sandbox", ident: "kernel", wall: Date.UTC(2026, 10, 26, 20, 30, 51) + 320.556 },
    },
  ],
};
