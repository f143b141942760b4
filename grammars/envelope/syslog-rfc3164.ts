/**
 * RFC 3164 / BSD syslog as rsyslog and syslog-ng write /var/log/messages, kern.log, syslog:
 * `Jul 30 18:11:02 host kernel: [14808.063890] message` (inner printk stamp only with imklog
 * defaults) or `Jul 30 18:11:02 host earlyoom[456]: message`.
 *
 * No year and no zone: the stamp is kept as `yearless` and the reader infers the year from the
 * file's mtime. rsyslog's `#012` escapes become newlines (a multi-line kernel record written as
 * one line). `journal-short` is the same grammar with journalctl's `-- … --` markers.
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { makeSyslogTail } from "./syslog-prefix.js";
import { decodeRsyslogEscapes, yearless } from "./clock-text.js";
import { readCommonShortStampLine, type HandReader } from "./common-syslog-line.js";

/** `Jul 30 18:11:02 ` / `Jun  9 05:43:21 `; the month word is checked against the month table. */
export const SHORT_STAMP = /([^\s\d]\S*) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) /;
/** journalctl `short-precise`: `Nov 26 19:29:43.467263 ` */
export const PRECISE_STAMP = /([^\s\d]\S*) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})\.(\d+) /;

/**
 * Build the parser of a `<month> <day> <time> host ident: msg` format. `byHand`: the format's common line read by
 * hand (common-syslog-line.ts), the rest by this grammar.
 */
export function makeShortStampParser(name: string, stampRegex: RegExp, decodeEscapes: boolean, byHand?: HandReader): (line: string) => LineResult | null {
  const Stamp = prefixToken(name + "Stamp", stampRegex, [LINE_START]);
  const tail = makeSyslogTail(name, Stamp);
  const lexer = prefixLexer([Stamp, ...tail.tokens]);
  return (line) => {
    const read = byHand?.(line, decodeEscapes);
    if (read !== undefined) return read;
    const c = line.charCodeAt(0);
    if (c <= 0x40 || (c >= 0x5b && c <= 0x60)) return null; // a month word starts with a letter
    const { tokens, messageStart } = lexPrefix(lexer, line);
    if (tokens.length === 0) return null;
    const g = groups(tokens[0]);
    const time = yearless(g[1], g[2], g[3], g[4], g[5], g[6]);
    if (time === null) return null;
    const body = line.slice(messageStart);
    const fields = emptyFields(decodeEscapes ? decodeRsyslogEscapes(body) : body);
    fields.yearless = time;
    if (!tail.read(tokens, fields)) return null;
    return { kind: "start", fields, messageColumn: messageStart };
  };
}

/** The common line is read by hand (common-syslog-line.ts), the rest by the grammar. */
export const parseRfc3164Line = makeShortStampParser("Rfc3164", SHORT_STAMP, true, readCommonShortStampLine);

export const syslogRfc3164: EnvelopeFormat = {
  name: "syslog-rfc3164",
  description: "BSD syslog (rsyslog/syslog-ng files): Jul 30 18:11:02 host ident[pid]: [uptime] message",
  matches: (line) => parseRfc3164Line(line) !== null,
  createDecoder: () => statelessDecoder(parseRfc3164Line),
  structured: false,
  samples: [
    {
      line: "Dec 20 03:17:52 localhost kernel: [75669.703275] Out of memory: Killed process 517 (clamd) total-vm:2361456kB, anon-rss:1689296kB, file-rss:0kB, shmem-rss:0kB, UID:111 pgtables:4292kB oom_score_adj:0",
      from: "peers/parseoom/messages line 95",
      expect: {
        host: "localhost",
        ident: "kernel",
        uptime: 75669.703275,
        yearless: { month: 11, day: 20, msOfDay: (3 * 3600 + 17 * 60 + 52) * 1000 },
        message: "Out of memory: Killed process 517 (clamd) total-vm:2361456kB, anon-rss:1689296kB, file-rss:0kB, shmem-rss:0kB, UID:111 pgtables:4292kB oom_score_adj:0",
      },
    },
    {
      // The kernel's own leading space (Mem-Info continuation) stays.
      line: "Dec 20 03:17:52 localhost kernel: [75669.607722]  active_file:14 inactive_file:66 isolated_file:2",
      from: "peers/parseoom/messages line 33",
      expect: { uptime: 75669.607722, message: " active_file:14 inactive_file:66 isolated_file:2" },
    },
    {
      line: "Sep 29 08:12:34 hnsin-varnish kernel: in:imjournal invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
      from: "peers/out-of-memory tests/assets/logs/messages.1 line 1",
      expect: { host: "hnsin-varnish", ident: "kernel", uptime: null, message: "in:imjournal invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0" },
    },
    {
      line: "Jun 19 05:43:21 new-db1 rsyslogd-2177: imuxsock begins to drop messages from pid 3287 due to rate-limiting",
      from: "peers/out-of-memory tests/assets/logs/messages line 2",
      expect: { host: "new-db1", ident: "rsyslogd-2177", message: "imuxsock begins to drop messages from pid 3287 due to rate-limiting" },
    },
    {
      line: "Jun 20 13:16:18 new-db1 ntpd[3451]: proto: precision = 0.057 usec",
      from: "peers/out-of-memory tests/assets/logs/messages line 32888",
      expect: { host: "new-db1", ident: "ntpd", message: "proto: precision = 0.057 usec" },
    },
    {
      line: "Jun 19 08:06:40 new-db1 savd: update.updated: Updating Sophos Anti-Virus....#012Updating SAVScan on-demand scanner#012Updating Virus Engine and Data#012Updating Manifest#012Update completed.",
      from: "peers/out-of-memory tests/assets/logs/messages line 1051",
      expect: {
        ident: "savd",
        message: "update.updated: Updating Sophos Anti-Virus....\nUpdating SAVScan on-demand scanner\nUpdating Virus Engine and Data\nUpdating Manifest\nUpdate completed.",
      },
    },
  ],
};
